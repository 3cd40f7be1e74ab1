using System.Text.RegularExpressions;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.RateLimiting;

/// <summary>Three free login failures per account, then a minute's wait (doubling); the log is recorded.</summary>
public abstract class LoginLimitFactory : LogCapturingApiFactory
{
    public const int FreeFailures = 3;

    protected LoginLimitFactory()
    {
        Settings["RateLimiting:LoginFreeFailures"] = FreeFailures.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["RateLimiting:LoginBaseDelaySeconds"] = "60";
    }

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

public sealed class LoginLimitSqliteFactory : LoginLimitFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class LoginLimitPostgresFactory : LoginLimitFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// Password guessing on one account is slowed down whichever addresses it comes from, with the same
/// answer for an account that does not exist; other accounts, and other addresses, are not affected.
/// Every failed login is logged, with a keyed hash of the account and never the password.
/// </summary>
public abstract partial class LoginLimitSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : LoginLimitFactory
{
    [Fact]
    public async Task Guessing_one_account_from_many_addresses_is_stopped_even_with_the_right_password_at_the_end()
    {
        var victim = await Factory.CreateUserAsync();

        var guesses = await AttemptsAsync(victim.Email, 8, firstAddress: 10);
        using var right = await LoginAsync("127.0.1.99", victim.Email, victim.Password);

        Assert.Equal([401, 401, 401, 429, 429, 429, 429, 429], guesses.Select(g => g.Status));
        await right.ShouldFail(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.InRange(right.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
    }

    [Fact]
    public async Task An_email_without_an_account_gets_the_same_answers()
    {
        var user = await Factory.CreateUserAsync();

        var account = await AttemptsAsync(user.Email, 5, firstAddress: 30);
        var nobody = await AttemptsAsync($"nobody-{Guid.NewGuid():N}@test.example", 5, firstAddress: 40);

        Assert.Equal(account.Select(a => a.Status), nobody.Select(n => n.Status));
        Assert.Equal(account.Select(a => a.Code), nobody.Select(n => n.Code));
        Assert.Equal(account.Select(a => a.Message), nobody.Select(n => n.Message));
        Assert.Equal(429, account[^1].Status);
    }

    [Fact]
    public async Task Another_user_still_logs_in_while_an_account_is_attacked_even_from_the_attackers_address()
    {
        var victim = await Factory.CreateUserAsync();
        var other = await Factory.CreateUserAsync();
        await AttemptsAsync(victim.Email, 6, firstAddress: 50);

        using var elsewhere = await LoginAsync("127.0.2.1", other.Email, other.Password);
        using var sameAddress = await LoginAsync("127.0.1.55", other.Email, other.Password);

        await elsewhere.ShouldBe(HttpStatusCode.OK);
        await sameAddress.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_successful_login_forgets_the_accounts_failures()
    {
        var user = await Factory.CreateUserAsync();
        await AttemptsAsync(user.Email, LoginLimitFactory.FreeFailures - 1, firstAddress: 60);
        using var success = await LoginAsync("127.0.1.69", user.Email, user.Password);
        await success.ShouldBe(HttpStatusCode.OK);

        var again = await AttemptsAsync(user.Email, LoginLimitFactory.FreeFailures, firstAddress: 70);

        Assert.All(again, a => Assert.Equal(401, a.Status));
    }

    [Fact]
    public async Task Each_failed_login_is_logged_with_a_hashed_account_the_address_and_the_reason_never_the_password()
    {
        var user = await Factory.CreateUserAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@test.example";
        var password = "guess-" + Guid.NewGuid().ToString("N");

        using var wrong = await LoginAsync("127.0.3.1", user.Email, password);
        using var missing = await LoginAsync("127.0.3.2", unknown, password);

        var failures = Factory.Logs.Entries.Where(e => e.Contains("Failed login", StringComparison.Ordinal)).ToList();
        var forUser = Assert.Single(failures, e => e.Contains("ClientAddress=127.0.3.1", StringComparison.Ordinal));
        var forUnknown = Assert.Single(failures, e => e.Contains("ClientAddress=127.0.3.2", StringComparison.Ordinal));
        Assert.StartsWith("Warning ", forUser, StringComparison.Ordinal);
        Assert.Contains("Reason=wrong_password", forUser, StringComparison.Ordinal);
        Assert.Contains("Reason=unknown_account", forUnknown, StringComparison.Ordinal);
        Assert.Matches(AccountKey(), forUser);
        Assert.NotEqual(AccountKey().Match(forUser).Value, AccountKey().Match(forUnknown).Value);
        Assert.All(Factory.Logs.Entries, e =>
        {
            Assert.DoesNotContain(password, e, StringComparison.Ordinal);
            Assert.DoesNotContain(user.Email, e, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(unknown, e, StringComparison.OrdinalIgnoreCase);
        });
    }

    [GeneratedRegex("AccountKey=[0-9a-f]{32}( |$)")]
    private static partial Regex AccountKey();

    private async Task<HttpResponseMessage> LoginAsync(string address, string email, string password) =>
        await Factory.ClientFrom(address).PostAsJsonAsync("/v1/auth/token", new { email, password });

    /// <summary>Wrong passwords for one email, each from another loopback address (127.0.1.N).</summary>
    private async Task<List<Answer>> AttemptsAsync(string email, int count, int firstAddress)
    {
        var answers = new List<Answer>();
        for (var i = 0; i < count; i++)
        {
            using var response = await LoginAsync($"127.0.1.{firstAddress + i}", email, "wrong-" + i);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            answers.Add(new Answer((int)response.StatusCode, error.GetProperty("code").GetString(), error.GetProperty("message").GetString()));
        }

        return answers;
    }

    private sealed record Answer(int Status, string? Code, string? Message);
}

public sealed class LoginLimitOnSqlite(LoginLimitSqliteFactory factory) : LoginLimitSpec<LoginLimitSqliteFactory>(factory);

public sealed class LoginLimitOnPostgres(LoginLimitPostgresFactory factory) : LoginLimitSpec<LoginLimitPostgresFactory>(factory);
