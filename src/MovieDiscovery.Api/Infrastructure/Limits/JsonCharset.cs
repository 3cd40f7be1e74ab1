using Microsoft.Net.Http.Headers;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Limits;

/// <summary>
/// Bodies are UTF-8 JSON. A declared charset other than UTF-8 is 415 in the envelope (the framework
/// would throw on an unknown one); a quoted or aliased UTF-8 is normalised to <c>charset=utf-8</c>.
/// </summary>
public sealed class JsonCharset(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentType is { } contentType
            && MediaTypeHeaderValue.TryParse(contentType, out var media)
            && media.Charset.HasValue)
        {
            var charset = HeaderUtilities.RemoveQuotes(media.Charset).ToString();
            if (!charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return ApiErrors.CharsetNotUtf8().ExecuteAsync(context);
            }

            media.Charset = "utf-8";
            request.ContentType = media.ToString();
        }

        return next(context);
    }
}
