using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace MovieDiscovery.Api.Tests.Features.OpenApi;

/// <summary>
/// The interactive reference runs under a Content-Security-Policy that allows its own inline script by hash and
/// nothing else inline (scripts/check-docs-page.sh proves the page works under it in Chromium), and the docs
/// can be turned off.
/// </summary>
public sealed partial class DocsSpec(SqliteApiFactory factory) : ApiSpec<SqliteApiFactory>(factory)
{
    [Fact]
    public async Task The_docs_page_allows_its_own_inline_script_by_hash_and_nothing_else_inline()
    {
        using var response = await Client.GetAsync("/docs/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var scriptSrc = Directive(policy, "script-src");
        Assert.Equal("'none'", Directive(policy, "default-src"));
        Assert.DoesNotContain("unsafe", scriptSrc, StringComparison.Ordinal);
        var inline = InlineScript().Matches(html).Select(m => m.Groups["code"].Value).ToList();
        Assert.NotEmpty(inline);
        Assert.All(inline, code => Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(code)))}'", scriptSrc, StringComparison.Ordinal));
        Assert.Equal("'none'", Directive(policy, "frame-ancestors"));
    }

    [Fact]
    public async Task With_the_docs_off_the_reference_and_the_document_are_unknown_routes()
    {
        await using var off = new SqliteApiFactory();
        off.Settings["Docs:Enabled"] = "false";
        await off.InitializeAsync();
        var client = off.CreateClient();

        foreach (var url in new[] { "/docs", "/docs/", "/openapi/v1.json", "/openapi/v1.yaml" })
        {
            using var response = await client.GetAsync(url);
            await response.ShouldFail(HttpStatusCode.NotFound, "NOT_FOUND");
        }

        using var api = await client.GetAsync("/v1/genres");
        await api.ShouldBe(HttpStatusCode.OK);
    }

    private static string Directive(string policy, string name) =>
        policy.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..];

    [GeneratedRegex(@"<script\b(?![^>]*\bsrc\s*=)[^>]*>(?<code>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
