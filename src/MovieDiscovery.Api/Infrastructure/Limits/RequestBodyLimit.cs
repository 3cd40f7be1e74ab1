using Microsoft.AspNetCore.Http.Features;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Limits;

/// <summary>
/// Bounds request bodies (the API's bodies are a few hundred bytes). A declared length over the
/// limit is refused at once with 413 in the envelope; a body streamed without a length is cut by
/// the server's own limit, which this also sets, and reaches the exception handler as a 413.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, long maxBytes)
{
    public const string SettingKey = "Limits:MaxRequestBodyBytes";
    public const long DefaultMaxBytes = 16 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return ApiErrors.BodyOverLimit(maxBytes).ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        return next(context);
    }
}
