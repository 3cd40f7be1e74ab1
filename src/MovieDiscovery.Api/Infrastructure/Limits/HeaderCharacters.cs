using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Limits;

/// <summary>
/// Header values are visible ASCII (and spaces, tabs), as they have always had to be here. Kestrel refuses any
/// other byte itself, with a bare 400; it is told to read them as Latin-1 instead (<see cref="ReadAsLatin1"/>),
/// so that this middleware can refuse them in the envelope, naming the header. What Kestrel still answers alone:
/// a request line or header name it cannot parse (a NUL or a space in the path, a non-token header name) and
/// NUL, CR or LF in a value; there is no request yet to answer in the envelope.
/// </summary>
public sealed class HeaderCharacters(RequestDelegate next)
{
    /// <summary>Reads header values byte for byte, so a non-ASCII value reaches the application to be refused there.</summary>
    public static void ReadAsLatin1(KestrelServerOptions kestrel) => kestrel.RequestHeaderEncodingSelector = _ => Encoding.Latin1;

    public Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                if (value is not null && !IsVisibleAscii(value))
                {
                    return ApiErrors.InvalidHeader(name).ExecuteAsync(context);
                }
            }
        }

        return next(context);
    }

    private static bool IsVisibleAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is not ((>= ' ' and <= '~') or '\t'))
            {
                return false;
            }
        }

        return true;
    }
}
