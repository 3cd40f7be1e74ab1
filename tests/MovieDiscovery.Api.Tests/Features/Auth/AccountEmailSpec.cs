using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Auth;

namespace MovieDiscovery.Api.Tests.Features.Auth;

/// <summary>
/// An email names an account by its normal form (NFKC, lower case) on both databases alike: a compatibility
/// spelling names the same account, an invisible character or a non-email is refused before any lookup.
/// </summary>
public abstract class AccountEmailSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData("ａｌｉｃｅ@example.com")]
    [InlineData("ALICE＠ＥＸＡＭＰＬＥ.ＣＯＭ")]
    public async Task A_compatibility_spelling_names_the_same_account(string email)
    {
        using var response = await Client.PostAsJsonAsync("/v1/auth/token", new { email, password = "alice-password" });

        var token = (await response.ShouldBe(HttpStatusCode.OK)).GetProperty("access_token").GetString()!;
        using var me = await Factory.ClientWithToken(token).GetAsync("/v1/me");
        Assert.Equal("Alice Martins", (await me.ShouldBe(HttpStatusCode.OK)).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("alice\u200B@example.com")]
    [InlineData("\u200Balice@example.com")]
    [InlineData("ali\u00ADce@example.com")]
    [InlineData("alice\uFEFF@example.com")]
    [InlineData("alice\uFE0F@example.com")]
    [InlineData("alice\u2060@example.com")]
    [InlineData("alice@example.com\u200D")]
    public async Task An_email_with_an_invisible_character_is_400_whatever_the_database_would_match(string email)
    {
        using var response = await Client.PostAsJsonAsync("/v1/auth/token", new { email, password = "alice-password" });

        var details = await response.ShouldFail(HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(details.TryGetProperty("email", out _), details.ToString());
    }

    [Fact]
    public async Task Every_stored_email_is_in_its_normal_form()
    {
        await using var scope = Factory.CreateScope();
        var emails = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Select(u => u.Email).ToListAsync();

        Assert.Contains("alice@example.com", emails);
        Assert.All(emails, email => Assert.Equal(AccountEmail.Fold(email), email));
    }
}

public sealed class AccountEmailOnSqlite(SqliteApiFactory factory) : AccountEmailSpec<SqliteApiFactory>(factory);

public sealed class AccountEmailOnPostgres(PostgresApiFactory factory) : AccountEmailSpec<PostgresApiFactory>(factory);
