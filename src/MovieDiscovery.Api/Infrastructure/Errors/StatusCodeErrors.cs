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
        return For(http.Response.StatusCode, http.Request).ExecuteAsync(http);
    }

    public static ApiErrorResult For(int statusCode, HttpRequest request) => statusCode switch
    {
        StatusCodes.Status400BadRequest => ApiErrors.MalformedRequest(),
        StatusCodes.Status401Unauthorized => ApiErrors.NotAuthenticated(),
        StatusCodes.Status403Forbidden => ApiErrors.Forbidden(),
        StatusCodes.Status404NotFound => ApiErrors.NoRoute(request.Path),
        StatusCodes.Status405MethodNotAllowed => ApiErrors.MethodNotAllowed(request.Method, request.Path),
        StatusCodes.Status413PayloadTooLarge => ApiErrors.BodyTooLarge(),
        StatusCodes.Status415UnsupportedMediaType => ApiErrors.UnsupportedMediaType(),
        StatusCodes.Status429TooManyRequests => ApiErrors.RateLimited(),
        StatusCodes.Status503ServiceUnavailable => ApiErrors.ServiceUnavailable(),
        < 500 => ApiErrors.CannotProcess(statusCode),
        _ => ApiErrors.UnexpectedStatus(statusCode),
    };
}
