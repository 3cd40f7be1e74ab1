using Microsoft.AspNetCore.Diagnostics;

namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>
/// Gives the framework's own bodiless answers (unknown route, wrong method, unsupported media type...)
/// the contract's envelope. Runs from status-code pages, so only when nothing else wrote a body.
/// </summary>
public static class StatusCodeErrors
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var (code, message) = Describe(http.Response.StatusCode, http.Request);
        return ErrorResponseWriter.WriteAsync(http, http.Response.StatusCode, code, message);
    }

    public static (string Code, string Message) Describe(int statusCode, HttpRequest request) => statusCode switch
    {
        StatusCodes.Status400BadRequest => (ErrorCodes.ValidationError, "The request is malformed."),
        StatusCodes.Status401Unauthorized => (ErrorCodes.Unauthorized, "A valid bearer token is required."),
        StatusCodes.Status403Forbidden => (ErrorCodes.Forbidden, "You may not access this resource."),
        StatusCodes.Status404NotFound => (ErrorCodes.NotFound, $"No resource at {Shown(request.Path)}."),
        StatusCodes.Status405MethodNotAllowed => (ErrorCodes.MethodNotAllowed, $"{Shown(request.Method)} is not allowed on {Shown(request.Path)}."),
        StatusCodes.Status413PayloadTooLarge => (ErrorCodes.PayloadTooLarge, "The request body is too large."),
        StatusCodes.Status415UnsupportedMediaType => (ErrorCodes.UnsupportedMediaType, "The request body must be application/json."),
        StatusCodes.Status429TooManyRequests => (ErrorCodes.RateLimited, "Too many requests; retry later."),
        StatusCodes.Status503ServiceUnavailable => (ErrorCodes.ServiceUnavailable, "The service is unavailable; retry later."),
        < 500 => (ErrorCodes.ValidationError, "The request cannot be processed."),
        _ => (ErrorCodes.InternalError, "An unexpected error occurred."),
    };

    /// <summary>Echoes at most 200 characters of what the client sent, so a message stays short.</summary>
    private static string Shown(string? value) =>
        value is { Length: > 200 } ? string.Concat(value.AsSpan(0, 200), "…") : value ?? "";
}
