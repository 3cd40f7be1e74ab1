using System.Diagnostics;

namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>
/// The one place that writes an error response. Handler results, validation, authentication
/// challenges, rate-limit rejections, status-code pages and the exception handler all come here,
/// so no path can answer with another shape.
/// </summary>
public static class ErrorResponseWriter
{
    public const string TraceIdKey = "trace_id";

    public static Task WriteAsync(
        HttpContext context,
        int statusCode,
        string code,
        string message,
        IDictionary<string, object?>? details = null)
    {
        var body = new Dictionary<string, object?>(details ?? new Dictionary<string, object?>())
        {
            [TraceIdKey] = TraceId(context),
        };
        var response = context.Response;
        response.StatusCode = statusCode;
        // Serialised with the API's JSON options (snake_case), like every other body.
        return response.WriteAsJsonAsync(new ErrorEnvelope(new ApiError(code, message, body)), context.RequestAborted);
    }

    /// <summary>The id that ties a response to its log lines and traces.</summary>
    public static string TraceId(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
}
