using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Tests.Features.Security;

namespace MovieDiscovery.Api.Tests.Features.Auth;

/// <summary>A new signing key, with the tests' usual key still accepted as a previous one.</summary>
public sealed class RotatedKeyFactory : ApiFactory
{
    public static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public RotatedKeyFactory()
    {
        Settings["Auth:SigningKey"] = NewKey;
        Settings["Auth:PreviousSigningKeys:0"] = SigningKey;
    }

    public override MovieDiscovery.Api.Data.DatabaseProvider Provider => MovieDiscovery.Api.Data.DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

/// <summary>
/// The service refuses to start with a signing key that is not random enough, saying which setting and
/// how to make a good key; and a rotation (a new key, the old one kept as a previous key) logs no one out.
/// </summary>
public sealed class SigningKeySpec(RotatedKeyFactory rotated) : IClassFixture<RotatedKeyFactory>
{
    public static TheoryData<string, string> WeakKeys() => new()
    {
        { "", "is not set" },
        { new string(' ', 32), "is only whitespace" },
        { "kZ3v9QpL2mX8rT5wN7bY4cF6hJ1dG0sA\n", "contains whitespace" },
        { "kZ3v9QpL2mX8rT5wN7bY4cF6hJ1", "shorter than 32 bytes" },
        { new string('a', 48), "distinct characters" },
        { "0000000000000000000000000123456789abcdef", "repeats one character too often" },
        { "abc123XYZ!abc123XYZ!abc123XYZ!abc123XYZ!", "repeats a pattern" },
        { "abcdefghijklmnopqrstuvwxyz0123456789", "runs through a sequence" },
        { "aabbccddeeffgghhiijjaabbccddeeffgghhiijjk", "repeats a pattern" },
    };

    [Theory]
    [MemberData(nameof(WeakKeys))]
    public async Task A_weak_signing_key_refuses_to_start_naming_the_setting_and_how_to_make_a_good_one(string key, string reason)
    {
        await using var factory = new SqliteApiFactory();
        factory.Settings["Auth:SigningKey"] = key;

        var message = await StartupFailureAsync(factory);

        Assert.Contains("Auth:SigningKey", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_previous_key_refuses_to_start_too()
    {
        await using var factory = new SqliteApiFactory();
        factory.Settings["Auth:PreviousSigningKeys:0"] = new string('x', 40);

        var message = await StartupFailureAsync(factory);

        Assert.Contains("Auth:PreviousSigningKeys:0", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_keys_always_pass_and_so_do_the_shipped_development_and_test_keys()
    {
        for (var i = 0; i < 2000; i++)
        {
            var bytes = RandomNumberGenerator.GetBytes(32);
            Assert.Null(SigningKeyRules.Problem(Convert.ToBase64String(bytes)));
            Assert.Null(SigningKeyRules.Problem(Convert.ToHexStringLower(bytes)));
        }

        var development = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json")))
            .RootElement.GetProperty("Auth").GetProperty("SigningKey").GetString();
        Assert.Null(SigningKeyRules.Problem(development));
        Assert.Null(SigningKeyRules.Problem(ApiFactory.SigningKey));
        Assert.Null(SigningKeyRules.Problem(Reliability.Support.ApiProcess.SigningKey));
    }

    [Fact]
    public async Task A_token_signed_with_a_previous_key_is_still_accepted()
    {
        var user = await rotated.CreateUserAsync();

        using var response = await rotated.ClientWithToken(TokenForge.Mint(user.Id)).GetAsync("/v1/me");

        await response.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_signed_with_an_unknown_key_is_401()
    {
        var user = await rotated.CreateUserAsync();
        var token = TokenForge.Mint(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        using var response = await rotated.ClientWithToken(token).GetAsync("/v1/me");

        await response.ShouldFail(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task New_tokens_are_signed_with_the_current_key_only()
    {
        var user = await rotated.CreateUserAsync();
        using var login = await rotated.CreateClient().PostAsJsonAsync("/v1/auth/token", new { email = user.Email, password = user.Password });
        var token = (await login.ShouldBe(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;

        Assert.True(await SignedWithAsync(token, RotatedKeyFactory.NewKey));
        Assert.False(await SignedWithAsync(token, ApiFactory.SigningKey));
    }

    private static async Task<string> StartupFailureAsync(ApiFactory factory)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(factory.InitializeAsync);
        var messages = new List<string>();
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }

    private static async Task<bool> SignedWithAsync(string token, string key)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            IssuerSigningKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(key)),
        });
        return result.IsValid;
    }
}
