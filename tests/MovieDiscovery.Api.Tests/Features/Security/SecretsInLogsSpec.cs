using System.Text;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// Bearer tokens, passwords and the signing key never reach the logs, whatever the request: a
/// login, a wrong password, a malformed credential, calls with a valid, tampered or unsigned token.
/// Every entry the application logs, at every level, is searched.
/// </summary>
public abstract class SecretsInLogsSpec<TFactory>(TFactory factory, ITestOutputHelper output) : ApiSpec<TFactory>(factory)
    where TFactory : LogCapturingApiFactory
{
    [Fact]
    public async Task Tokens_passwords_and_the_signing_key_never_appear_in_any_log_entry()
    {
        var user = await Factory.CreateUserAsync();
        var wrongPassword = "wrong-password-" + Guid.NewGuid().ToString("N");
        var malformedPassword = "malformed-password-" + Guid.NewGuid().ToString("N");

        using var login = await Client.PostAsJsonAsync("/v1/auth/token", new { email = user.Email, password = user.Password });
        var token = (await login.ShouldBe(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
        using var wrong = await Client.PostAsJsonAsync("/v1/auth/token", new { email = user.Email, password = wrongPassword });
        await wrong.ShouldFail(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        foreach (var (body, contentType) in new[]
        {
            ($$"""{"email":"{{user.Email}}","password":"{{malformedPassword}}" """, "application/json"),
            ($$"""{"email":"{{user.Email}}","password":"{{malformedPassword}}","extra":1}""", "application/json"),
            ($$"""{"email":"{{user.Email}}","password":"{{malformedPassword}}\x"}""", "application/json"),
            ($$"""{"email":"{{user.Email}}","password":["{{malformedPassword}}"]}""", "application/json"),
            ($$"""{"email":"{{user.Email}}","password":"{{malformedPassword}}"}""", "text/plain"),
            ($$"""{"email":"{{user.Email}}","password":"{{malformedPassword}}"}""", "application/json; charset=bogus"),
            ($$"""{"email":"{{user.Email}}","password":"{{malformedPassword}}{{new string('x', 300)}}"}""", "application/json"),
        })
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var refused = await Client.PostAsync("/v1/auth/token", content);
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        }

        var tampered = TokenForge.Tamper(token);
        var unsigned = TokenForge.WithoutSignature(user.Id);
        var movieId = (await Factory.AvailableInAsync("US"))[0];
        var saves = $"/v1/users/{user.Id}/saved-movies";
        foreach (var bearer in new[] { token, user.Token, tampered, unsigned, token + "x" })
        {
            var client = Factory.ClientWithToken(bearer);
            using var me = await client.GetAsync("/v1/me");
            using var list = await client.GetAsync($"{saves}?country=US");
            using var save = await client.PostAsJsonAsync(saves, new { movie_id = movieId, country = "US" });
            using var one = await client.GetAsync($"{saves}/{movieId}");
            using var remove = await client.DeleteAsync($"{saves}/{movieId}");
            using var forbidden = await client.GetAsync("/v1/users/1/saved-movies?country=US");
            using var invalid = await client.GetAsync($"{saves}?country=XX&page=0");
            using var badCharset = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"movie_id":{{movieId}},"country":"US"}"""));
            badCharset.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=bogus");
            using var failed = await client.PostAsync(saves, badCharset);
        }

        var secrets = new Dictionary<string, string>
        {
            ["the access token from the login"] = token,
            ["its signature"] = TokenForge.Signature(token),
            ["the fixture's token"] = user.Token,
            ["the fixture's token signature"] = TokenForge.Signature(user.Token),
            ["the tampered token's signature"] = TokenForge.Signature(tampered),
            ["the password"] = user.Password,
            ["the wrong password"] = wrongPassword,
            ["the password of a malformed credential"] = malformedPassword,
            ["the signing key"] = ApiFactory.SigningKey,
        };
        var entries = Factory.Logs.Entries;
        output.WriteLine($"{entries.Count} log entries searched");
        Assert.Contains(entries, e => e.Contains("/v1/auth/token", StringComparison.Ordinal));
        // The bearer handler's own entries (where a token would most likely leak) were captured too.
        Assert.Contains(entries, e => e.Contains("Authentication.JwtBearer", StringComparison.Ordinal));
        foreach (var (name, secret) in secrets)
        {
            var leak = entries.FirstOrDefault(e => e.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"{name} appears in a log entry:\n{leak}");
        }
    }
}

public sealed class SecretsInLogsOnSqlite(LogCapturingSqliteFactory factory, ITestOutputHelper output) : SecretsInLogsSpec<LogCapturingSqliteFactory>(factory, output);

public sealed class SecretsInLogsOnPostgres(LogCapturingPostgresFactory factory, ITestOutputHelper output) : SecretsInLogsSpec<LogCapturingPostgresFactory>(factory, output);
