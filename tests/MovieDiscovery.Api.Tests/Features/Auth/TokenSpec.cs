using System.IdentityModel.Tokens.Jwt;

namespace MovieDiscovery.Api.Tests.Features.Auth;

public abstract class TokenSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData("alice@example.com", "alice-password", "user")]
    [InlineData("bob@example.com", "bob-password", "user")]
    [InlineData("admin@example.com", "admin-password", "admin")]
    [InlineData("ALICE@Example.com", "alice-password", "user")]
    public async Task Exchanges_a_demo_credential_for_a_signed_token(string email, string password, string role)
    {
        using var response = await Client.PostAsJsonAsync("/v1/auth/token", new { email, password });

        var body = await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var jwt = new JwtSecurityTokenHandler().ReadJwtToken(body.GetProperty("access_token").GetString());
        Assert.Equal("HS256", jwt.Header.Alg);
        Assert.Equal("movie-discovery", jwt.Issuer);
        Assert.Contains("movie-discovery-apps", jwt.Audiences);
        Assert.Equal(role, jwt.Claims.Single(c => c.Type == "role").Value);
        Assert.True(int.Parse(jwt.Subject, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.InRange(jwt.ValidTo, DateTime.UtcNow.AddMinutes(59), DateTime.UtcNow.AddMinutes(61));
    }

    [Fact]
    public async Task The_token_opens_me()
    {
        using var login = await Client.PostAsJsonAsync("/v1/auth/token", new { email = "alice@example.com", password = "alice-password" });
        var token = (await login.ShouldBe(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;

        using var response = await Factory.ClientWithToken(token).GetAsync("/v1/me");

        var me = await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Alice Martins", me.GetProperty("name").GetString());
        Assert.Equal("1992-04-17", me.GetProperty("date_of_birth").GetString());
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        using var wrongPassword = await Client.PostAsJsonAsync("/v1/auth/token", new { email = "alice@example.com", password = "nope" });
        using var unknownEmail = await Client.PostAsJsonAsync("/v1/auth/token", new { email = "nobody@example.com", password = "nope" });

        await wrongPassword.ShouldFail(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        await unknownEmail.ShouldFail(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        var a = JsonDocument.Parse(await wrongPassword.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString();
        var b = JsonDocument.Parse(await unknownEmail.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString();
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("{}", "body")]
    [InlineData("""{"email":"alice@example.com"}""", "body")]
    [InlineData("""{"email":"","password":"x"}""", "email")]
    [InlineData("""{"email":"alice@example.com","password":""}""", "password")]
    [InlineData("""{"email":"alice@example.com","password":"alice-password","role":"admin"}""", "body")]
    [InlineData("""{"email":42,"password":"x"}""", "body")]
    [InlineData("""{"email":"a@b.c","password":"x""", "body")]
    [InlineData("[]", "body")]
    [InlineData("""{"email":"alice@example.com\u0000","password":"x"}""", "email")]
    [InlineData("""{"email":"not-an-email","password":"x"}""", "email")]
    [InlineData("""{"email":"alice@","password":"x"}""", "email")]
    [InlineData("""{"email":"alice@example..com","password":"x"}""", "email")]
    public async Task Rejects_a_malformed_credential_with_400(string json, string parameter)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("/v1/auth/token", content);

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty(parameter, out _), details.ToString());
    }

    [Fact]
    public async Task Rejects_a_body_that_is_not_json_with_415()
    {
        using var content = new StringContent("email=a&password=b", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await Client.PostAsync("/v1/auth/token", content);

        await response.ShouldFail(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Rate_limits_the_token_endpoint_per_client_with_Retry_After()
    {
        await using var limited = Activator.CreateInstance<TFactory>();
        limited.Settings["RateLimiting:TokenPermitLimit"] = "3";
        await limited.InitializeAsync();
        var client = limited.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.PostAsJsonAsync("/v1/auth/token", new { email = "bob@example.com", password = "wrong" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var rejected = await client.PostAsJsonAsync("/v1/auth/token", new { email = "bob@example.com", password = "bob-password" });

        var details = await rejected.ShouldFail(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(rejected.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.True(details.GetProperty("retry_after_seconds").GetInt32() > 0);
    }
}

public sealed class TokenOnSqlite(SqliteApiFactory factory) : TokenSpec<SqliteApiFactory>(factory);

public sealed class TokenOnPostgres(PostgresApiFactory factory) : TokenSpec<PostgresApiFactory>(factory);
