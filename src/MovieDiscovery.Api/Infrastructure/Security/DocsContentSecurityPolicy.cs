using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace MovieDiscovery.Api.Infrastructure.Security;

/// <summary>
/// The Content-Security-Policy of the interactive reference (<c>/docs</c>): scripts only from this server plus
/// the page's own inline scripts, allowed by their SHA-256 (computed from the page as served, so a new version of
/// the reference's package needs no change here); no plugin, frame, form target or base URL; requests only to
/// this server. Styles may be inline: the reference's components set them at run time. Holds the page (a few
/// hundred bytes) until it is complete to hash it; the reference's scripts and styles pass through.
/// </summary>
public sealed partial class DocsContentSecurityPolicy(RequestDelegate next)
{
    private const string Rest =
        "; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; manifest-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        if (Path.HasExtension(context.Request.Path.Value))
        {
            await next(context);
            return;
        }

        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var page = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(page));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(body);
        }

        var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            ? Encoding.UTF8.GetString(page.GetBuffer(), 0, (int)page.Length)
            : "";
        context.Response.Headers.ContentSecurityPolicy = For(html);
        page.Position = 0;
        await page.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>The policy for a page: its inline scripts allowed by hash.</summary>
    public static string For(string html)
    {
        var hashes = InlineScript().Matches(html)
            .Select(match => $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(match.Groups["code"].Value)))}'")
            .Distinct(StringComparer.Ordinal);
        return "default-src 'none'; script-src 'self'" + string.Concat(hashes) + Rest;
    }

    [GeneratedRegex(@"<script\b(?![^>]*\bsrc\s*=)[^>]*>(?<code>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
