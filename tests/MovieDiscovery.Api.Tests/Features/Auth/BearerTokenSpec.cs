using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MovieDiscovery.Api.Tests.Features.Auth;

/// <summary>Every way a bearer token can be wrong ends in 401 UNAUTHORIZED with WWW-Authenticate.</summary>
public abstract class BearerTokenSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task A_missing_token_is_401_with_WWW_Authenticate_Bearer()
    {
        using var response = await Client.GetAsync("/v1/me");

        await response.ShouldFail(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    [InlineData("wrong-issuer")]
    [InlineData("wrong-audience")]
    [InlineData("wrong-key")]
    [InlineData("alg-none")]
    [InlineData("tampered")]
    [InlineData("hs512")]
    [InlineData("garbage")]
    public async Task A_bad_token_is_401_with_WWW_Authenticate_Bearer(string kind)
    {
        var user = await Factory.CreateUserAsync();
        var token = kind switch
        {
            "expired" => Mint(user.Id, expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddMinutes(-65)),
            "not-yet-valid" => Mint(user.Id, notBefore: DateTime.UtcNow.AddMinutes(10), expires: DateTime.UtcNow.AddMinutes(70)),
            "wrong-issuer" => Mint(user.Id, issuer: "someone-else"),
            "wrong-audience" => Mint(user.Id, audience: "another-api"),
            "wrong-key" => Mint(user.Id, key: "another-signing-key-that-is-long-enough-for-hs256-000000"),
            "alg-none" => Unsigned(user.Id),
            "tampered" => Tamper(user.Token),
            "hs512" => Mint(user.Id, algorithm: SecurityAlgorithms.HmacSha512, key: ApiFactory.SigningKey + ApiFactory.SigningKey),
            _ => "not-a-jwt",
        };

        using var response = await Factory.ClientWithToken(token).GetAsync($"/v1/users/{user.Id}/saved-movies?country=US");

        await response.ShouldFail(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_well_formed_token_minted_by_the_test_is_accepted()
    {
        var user = await Factory.CreateUserAsync();

        using var response = await Factory.ClientWithToken(Mint(user.Id)).GetAsync("/v1/me");

        await response.ShouldBe(HttpStatusCode.OK);
    }

    private static string Mint(
        int userId,
        string issuer = "movie-discovery",
        string audience = "movie-discovery-apps",
        string key = ApiFactory.SigningKey,
        string algorithm = SecurityAlgorithms.HmacSha256,
        DateTime? notBefore = null,
        DateTime? expires = null)
    {
        var start = notBefore ?? DateTime.UtcNow.AddMinutes(-1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = start,
            NotBefore = start,
            Expires = expires ?? DateTime.UtcNow.AddMinutes(30),
            Subject = new ClaimsIdentity([new Claim("sub", userId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Claim("role", "user")]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    private static string Unsigned(int userId)
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(json);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Encode("""{"alg":"none","typ":"JWT"}""") + "." +
            Encode($$"""{"sub":"{{userId}}","role":"admin","iss":"movie-discovery","aud":"movie-discovery-apps","nbf":{{now - 60}},"exp":{{now + 600}}}""") + ".";
    }

    /// <summary>Makes the caller an admin in the payload while keeping the original signature.</summary>
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        Assert.Contains("admin", payload, StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}

public sealed class BearerTokenOnSqlite(SqliteApiFactory factory) : BearerTokenSpec<SqliteApiFactory>(factory);

public sealed class BearerTokenOnPostgres(PostgresApiFactory factory) : BearerTokenSpec<PostgresApiFactory>(factory);
