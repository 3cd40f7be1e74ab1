using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>The application with a one-second user check, so a spec can wait it out.</summary>
public abstract class UserCheckFactory : ApiFactory
{
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromSeconds(1);

    protected UserCheckFactory() => Settings["Auth:UserCheckSeconds"] = "1";

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

public sealed class UserCheckSqliteFactory : UserCheckFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class UserCheckPostgresFactory : UserCheckFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

/// <summary>
/// A token carries its user's role as it was at login; the service checks the user as it is now (reused
/// for <c>Auth:UserCheckSeconds</c>): a demoted admin loses admin reach and a deleted user's token stops
/// working within that period, not at the token's expiry.
/// </summary>
public abstract class UserCheckSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : UserCheckFactory
{
    /// <summary>The check period, plus room for a loaded test machine.</summary>
    private static readonly TimeSpan s_bound = UserCheckFactory.CheckPeriod + TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_demoted_admins_token_loses_admin_reach_within_the_check_period()
    {
        var admin = await Factory.CreateUserAsync(Roles.Admin);
        var other = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(admin);
        var othersList = $"/v1/users/{other.Id}/saved-movies?country=US";
        using (var before = await client.GetAsync(othersList))
        {
            await before.ShouldBe(HttpStatusCode.OK);
        }

        await ChangeUserAsync(admin.Id, users => users.ExecuteUpdateAsync(u => u.SetProperty(x => x.Role, Roles.User)));
        var refusedAfter = await TimeUntilAsync(client, othersList, HttpStatusCode.Forbidden);

        Assert.True(refusedAfter <= s_bound, $"the demoted admin kept admin reach for {refusedAfter.TotalMilliseconds:F0} ms");
        using var own = await client.GetAsync($"/v1/users/{admin.Id}/saved-movies?country=US");
        await own.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_deleted_users_token_is_401_on_every_route_within_the_check_period()
    {
        var user = await Factory.CreateUserAsync();
        var client = Factory.ClientFor(user);
        using (var before = await client.GetAsync($"/v1/users/{user.Id}/saved-movies?country=US"))
        {
            await before.ShouldBe(HttpStatusCode.OK);
        }

        await ChangeUserAsync(user.Id, users => users.ExecuteDeleteAsync());
        var refusedAfter = await TimeUntilAsync(client, $"/v1/users/{user.Id}/saved-movies?country=US", HttpStatusCode.Unauthorized);

        Assert.True(refusedAfter <= s_bound, $"the deleted user's token worked for {refusedAfter.TotalMilliseconds:F0} ms");
        foreach (var (method, url) in new[]
        {
            ("GET", "/v1/me"),
            ("GET", $"/v1/users/{user.Id}/saved-movies/1"),
            ("DELETE", $"/v1/users/{user.Id}/saved-movies/1"),
            ("POST", $"/v1/users/{user.Id}/saved-movies"),
        })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = method == "POST" ? JsonContent.Create(new { movie_id = 1, country = "US" }) : null,
            };
            using var response = await client.SendAsync(request);
            await response.ShouldFail(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
    }

    [Fact]
    public async Task A_promoted_user_gains_admin_reach_without_a_new_token()
    {
        var user = await Factory.CreateUserAsync();
        var other = await Factory.CreateUserAsync();

        await ChangeUserAsync(user.Id, users => users.ExecuteUpdateAsync(u => u.SetProperty(x => x.Role, Roles.Admin)));
        using var response = await Factory.ClientFor(user).GetAsync($"/v1/users/{other.Id}/saved-movies?country=US");

        await response.ShouldBe(HttpStatusCode.OK);
    }

    private async Task ChangeUserAsync(int userId, Func<IQueryable<User>, Task<int>> change)
    {
        await using var scope = Factory.CreateScope();
        Assert.Equal(1, await change(scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == userId)));
    }

    /// <summary>Polls the route until it answers <paramref name="status"/>; how long that took.</summary>
    private static async Task<TimeSpan> TimeUntilAsync(HttpClient client, string url, HttpStatusCode status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(url);
            if (response.StatusCode == status)
            {
                return clock.Elapsed;
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{url} never answered {(int)status}");
            await Task.Delay(50);
        }
    }
}

public sealed class UserCheckOnSqlite(UserCheckSqliteFactory factory) : UserCheckSpec<UserCheckSqliteFactory>(factory);

public sealed class UserCheckOnPostgres(UserCheckPostgresFactory factory) : UserCheckSpec<UserCheckPostgresFactory>(factory);
