using Microsoft.IdentityModel.Tokens;
using MovieDiscovery.Api.Tests.Features.Security;

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
            "expired" => TokenForge.Mint(Sub(user), expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddMinutes(-65)),
            "not-yet-valid" => TokenForge.Mint(Sub(user), notBefore: DateTime.UtcNow.AddMinutes(10), expires: DateTime.UtcNow.AddMinutes(70)),
            "wrong-issuer" => TokenForge.Mint(Sub(user), issuer: "someone-else"),
            "wrong-audience" => TokenForge.Mint(Sub(user), audience: "another-api"),
            "wrong-key" => TokenForge.Mint(Sub(user), key: "another-signing-key-that-is-long-enough-for-hs256-000000"),
            "alg-none" => TokenForge.WithoutSignature(user.Id),
            "tampered" => Tamper(user.Token),
            "hs512" => TokenForge.Mint(Sub(user), algorithm: SecurityAlgorithms.HmacSha512, key: ApiFactory.SigningKey + ApiFactory.SigningKey),
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

        using var response = await Factory.ClientWithToken(TokenForge.Mint(user.Id)).GetAsync("/v1/me");

        await response.ShouldBe(HttpStatusCode.OK);
    }

    private static string Sub(TestUser user) => user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

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
