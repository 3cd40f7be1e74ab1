using System.Text;

namespace MovieDiscovery.Api.Tests.Features.Http;

/// <summary>
/// What a real Kestrel answers to bytes no HTTP client library sends, and HEAD as it goes over the wire
/// (the in-memory test server neither parses request heads nor frames answers).
/// </summary>
public sealed class WireSpec(KestrelApiFactory factory) : IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task A_non_ASCII_header_value_is_400_in_the_envelope_naming_the_header()
    {
        var answer = Parse(await factory.SendRawAsync(Encoding.Latin1.GetBytes(
            "GET /v1/genres HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \u00e9\r\nConnection: close\r\n\r\n")));

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("application/json", answer.Headers["content-type"], StringComparison.Ordinal);
        var error = JsonDocument.Parse(Dechunk(answer)).RootElement.GetProperty("error");
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        Assert.True(error.GetProperty("details").TryGetProperty("If-None-Match", out _), error.ToString());
    }

    [Theory]
    [InlineData("GET /v1/gen\0res HTTP/1.1")]
    [InlineData("GET /v1/genres%00 HTTP/1.1")]
    public async Task A_NUL_in_the_request_target_gets_the_servers_own_bodiless_400_as_documented(string requestLine)
    {
        // docs/api.md: Kestrel refuses such a request line before there is a request to answer in the envelope.
        var answer = Parse(await factory.SendRawAsync(Encoding.Latin1.GetBytes($"{requestLine}\r\nHost: localhost\r\nConnection: close\r\n\r\n")));

        Assert.Equal(400, answer.Status);
        Assert.Equal("0", answer.Headers["content-length"]);
    }

    [Theory]
    [InlineData("/v1/genres")]
    [InlineData("/v1/movies?country=US&page_size=3")]
    [InlineData("/v1/movies?country=XX")]
    [InlineData("/v1/nothing")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/docs/")]
    public async Task HEAD_has_the_status_and_headers_of_GET_and_no_body(string target)
    {
        var get = Parse(await factory.SendRawAsync(Request("GET", target)));
        var head = Parse(await factory.SendRawAsync(Request("HEAD", target)));

        Assert.Equal(get.Status, head.Status);
        Assert.Equal("", head.Body);
        Assert.NotEqual("", get.Body);
        // The date and the remaining quota move between two requests; a HEAD answer may leave out its framing (RFC 9110 §9.3.2).
        string[] varying = ["date", "ratelimit", "transfer-encoding"];
        Assert.Equal(get.Headers.Where(h => !varying.Contains(h.Key)), head.Headers.Where(h => !varying.Contains(h.Key)));
    }

    private static byte[] Request(string method, string target) =>
        Encoding.ASCII.GetBytes($"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    private sealed record RawAnswer(int Status, SortedDictionary<string, string> Headers, string Body);

    private static RawAnswer Parse(string raw)
    {
        var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"No complete answer: {raw}");
        var lines = raw[..end].Split("\r\n");
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        return new RawAnswer(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, raw[(end + 4)..]);
    }

    /// <summary>The body of a chunked answer, without its chunk sizes.</summary>
    private static string Dechunk(RawAnswer answer)
    {
        if (answer.Headers.GetValueOrDefault("transfer-encoding") != "chunked")
        {
            return answer.Body;
        }

        var body = new StringBuilder();
        var rest = answer.Body;
        while (true)
        {
            var line = rest.IndexOf("\r\n", StringComparison.Ordinal);
            var size = Convert.ToInt32(rest[..line], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(rest, line + 2, size);
            rest = rest[(line + 2 + size + 2)..];
        }
    }
}
