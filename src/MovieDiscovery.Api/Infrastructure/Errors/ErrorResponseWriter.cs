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

    public static Task WriteAsync(HttpContext context, ApiErrorResult error)
    {
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        // Serialised with the API's JSON options (snake_case), like every other body.
        return response.WriteAsJsonAsync(new ErrorEnvelope(ErrorOf(context, error)), context.RequestAborted);
    }

    /// <summary>The error object as it is sent, with the request's trace id: in an envelope, or in an item of a batch answer.</summary>
    public static ApiError ErrorOf(HttpContext context, ApiErrorResult error)
    {
        // Names and texts may come from the request: each is echoed at most ApiErrors.MaxEchoedLength long.
        var details = new Dictionary<string, object?>(error.Details.Count + 1, StringComparer.Ordinal);
        foreach (var (name, value) in error.Details)
        {
            details.TryAdd(ApiErrors.Shown(name), value is string text ? ApiErrors.Shown(text) : value);
        }

        details[TraceIdKey] = TraceId(context);
        return new(error.Code, error.Message, details);
    }

    /// <summary>The id that ties a response to its log lines and traces.</summary>
    public static string TraceId(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
}
