using System.Text;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// No error answer tells an attacker about the implementation: no stack trace, exception type,
/// framework namespace, driver name or SQL, whatever went wrong (including a 500).
/// </summary>
public abstract class ErrorDisclosureSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    private static readonly string[] s_telltales =
    [
        "   at ", "Exception", "exception", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", " FROM ", " WHERE ", "Npgsql", "Sqlite", "SQLite",
        "Microsoft.", "System.", "MovieDiscovery.", "StackTrace", "stack trace", ".cs:line", "EntityFramework", "23503", "23505", "SQL",
    ];

    [Fact]
    public async Task No_error_answer_reveals_a_stack_trace_an_exception_or_sql()
    {
        var user = await Factory.CreateUserAsync();
        var other = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        var saves = $"/v1/users/{user.Id}/saved-movies";
        var deep = new string('[', 1000) + new string(']', 1000);

        (string Method, string Url, string? Body, string? ContentType, HttpClient Client)[] battery =
        [
            ("GET", "/v1/movies?country=US&page=99999999999999999999", null, null, Client),
            ("GET", "/v1/movies?country=US&page=2147483647&page_size=100", null, null, Client),
            ("GET", "/v1/movies?country=US&genre=-1&sort=x&page_size=0", null, null, Client),
            ("GET", "/v1/movies?country=US&cursor=" + Cursor("c1|movies:US:0:-year|20|2|-1|1"), null, null, Client),
            ("GET", $"{saves}?country=US&cursor=" + Cursor($"c1|saved:{user.Id}:US:-date_added|20|2|-1|1"), null, null, client),
            ("GET", $"{saves}?country=US&cursor=" + Cursor($"c1|saved:{user.Id}:US:-date_added|20|2|{long.MaxValue}|1"), null, null, client),
            ("GET", "/v1/movies?country=US&cursor=%FF%FE", null, null, Client),
            ("GET", "/v1/movies/99999999999999999999", null, null, Client),
            ("GET", "/v1/movies/2147483647", null, null, Client),
            ("GET", "/v1/movies/abc", null, null, Client),
            ("GET", "/v1/nothing/here", null, null, Client),
            ("PUT", "/v1/genres", "{}", "application/json", Client),
            ("GET", "/v1/me", null, null, Client),
            ("GET", "/v1/me", null, null, Factory.ClientWithToken("not-a-jwt")),
            ("GET", "/v1/me", null, null, Factory.ClientWithToken(TokenForge.WithoutSignature(user.Id))),
            ("GET", "/v1/me", null, null, Factory.ClientWithToken(TokenForge.Tamper(user.Token))),
            ("GET", "/v1/me", null, null, Factory.ClientWithToken(TokenForge.Mint("abc"))),
            ("GET", $"/v1/users/{other.Id}/saved-movies?country=US", null, null, client),
            ("GET", $"{saves}?country=US&sort=date&page=0", null, null, client),
            ("GET", $"{saves}/999999", null, null, client),
            ("DELETE", $"{saves}/999999", null, null, client),
            ("GET", "/v1/users/2147483648/saved-movies?country=US", null, null, client),
            ("POST", saves, """{"movie_id":1,"country":"US""", "application/json", client),
            ("POST", saves, """{"movie_id":"1","country":"US"}""", "application/json", client),
            ("POST", saves, """{"movie_id":2147483648,"country":"US"}""", "application/json", client),
            ("POST", saves, """{"movie_id":1.5,"country":"US"}""", "application/json", client),
            ("POST", saves, """{"movie_id":1,"country":"US","user_id":2}""", "application/json", client),
            ("POST", saves, """{"movie_id":null,"country":null}""", "application/json", client),
            ("POST", saves, """{"movie_id":1,"country":"\ud800"}""", "application/json", client),
            ("POST", saves, deep, "application/json", client),
            ("POST", saves, """[{"movie_id":1,"country":"US"}]""", "application/json", client),
            ("POST", saves, """{"movie_id":1,"country":"US"}""", "text/plain", client),
            ("POST", saves, """{"movie_id":1,"country":"US"}""", "application/json; charset=bogus", client),
            ("POST", saves, """{"movie_id":1,"country":"US"}""", "application/json; charset=\"utf-8\"", client),
            ("POST", saves, """{"movie_id":987654,"country":"US"}""", "application/json", client),
            ("POST", saves, "{\"movie_id\":1,\"country\":\"US\",\"pad\":\"" + new string('x', 40_000) + "\"}", "application/json", client),
            ("POST", saves, "\u0000\u0001\u0002", "application/json", client),
            ("POST", "/v1/auth/token", """{"email":"alice@example.com","password":"nope"}""", "application/json", Client),
            ("POST", "/v1/auth/token", """{"email":"alice@example.com"}""", "application/json", Client),
            ("POST", "/v1/auth/token", """{"email":1,"password":2}""", "application/json", Client),
            ("POST", "/v1/auth/token", "email=a&password=b", "application/x-www-form-urlencoded", Client),
            ("POST", "/v1/auth/token", """{"email":"a","password":"b"}""", "application/json; charset=bogus", Client),
        ];

        var checkedErrors = 0;
        foreach (var (method, url, body, contentType, sender) in battery)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            using var response = await sender.SendAsync(request);

            var text = await response.Content.ReadAsStringAsync();
            var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(',', h.Value)}"));
            var leaked = s_telltales.Where(t => text.Contains(t, StringComparison.Ordinal) || headers.Contains(t, StringComparison.Ordinal)).ToList();
            Assert.True(leaked.Count == 0, $"{method} {url} answered {(int)response.StatusCode} revealing {string.Join(", ", leaked)}: {text}");
            if ((int)response.StatusCode >= 400)
            {
                checkedErrors++;
                await response.ShouldBe(response.StatusCode);
            }
        }

        Assert.True(checkedErrors >= battery.Length - 4, $"only {checkedErrors} of {battery.Length} requests failed; the battery no longer probes errors");
    }

    [Theory]
    [InlineData("GET", "/v1/{0}")]
    [InlineData("PATCH", "/v1/users/1/saved-movies/{0}")]
    [InlineData("PUT", "/v1/movies/{0}")]
    public async Task An_error_message_stays_within_the_documented_2000_characters_however_long_the_url(string method, string route)
    {
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, route, new string('a', 2100));
        using var request = new HttpRequestMessage(new HttpMethod(method), url);

        using var response = await Client.SendAsync(request);

        var error = (await response.ShouldBe(response.StatusCode)).GetProperty("error");
        Assert.True((int)response.StatusCode is 404 or 405, $"{(int)response.StatusCode}");
        Assert.True(error.GetProperty("message").GetString()!.Length <= 2000,
            $"{method} {route} answered {(int)response.StatusCode} with a message of {error.GetProperty("message").GetString()!.Length} characters; the document allows 2000");
    }

    /// <summary>A cursor in the shape the lists issue (base64url text), with content the API never issues.</summary>
    private static string Cursor(string content) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(content));
}

public sealed class ErrorDisclosureOnSqlite(SqliteApiFactory factory) : ErrorDisclosureSpec<SqliteApiFactory>(factory);

public sealed class ErrorDisclosureOnPostgres(PostgresApiFactory factory) : ErrorDisclosureSpec<PostgresApiFactory>(factory);
