using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Health;

namespace MovieDiscovery.Api.Tests.Features.Health;

public abstract class HealthSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task The_application_runs_on_the_provider_of_the_spec()
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Equal(Factory.Provider == DatabaseProvider.Postgres, db.Database.IsNpgsql());
        Assert.Equal(Factory.Provider == DatabaseProvider.Sqlite, db.Database.IsSqlite());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Live_answers_200()
    {
        var body = await GetJsonAsync("/health/live");

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_answers_200_when_the_database_is_migrated()
    {
        var body = await GetJsonAsync("/health/ready");

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("checks").TryGetProperty("database", out _));
    }

    [Fact]
    public async Task A_flood_of_readiness_probes_costs_the_database_one_check_per_reuse_period()
    {
        await Task.Delay(HealthEndpoints.ReadyReuse + TimeSpan.FromMilliseconds(100));
        Factory.Commands.Reset();
        await GetJsonAsync("/health/ready");
        var perCheck = Factory.Commands.Count;
        await Task.Delay(HealthEndpoints.ReadyReuse + TimeSpan.FromMilliseconds(100));

        Factory.Commands.Reset();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = 0; i < 25; i++)
            {
                using var response = await Client.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }));
        var periods = (int)Math.Ceiling(clock.Elapsed / HealthEndpoints.ReadyReuse) + 1;

        Assert.True(perCheck > 0, "a readiness check that asks the database nothing proves nothing");
        Assert.True(Factory.Commands.Count <= perCheck * periods,
            $"200 probes in {clock.ElapsedMilliseconds} ms cost {Factory.Commands.Count} commands; one check is {perCheck}");
    }

    [Fact]
    public async Task Liveness_never_asks_the_database()
    {
        Factory.Commands.Reset();

        for (var i = 0; i < 50; i++)
        {
            await GetJsonAsync("/health/live");
        }

        Assert.Equal(0, Factory.Commands.Count);
    }
}

public sealed class HealthOnSqlite(SqliteApiFactory factory) : HealthSpec<SqliteApiFactory>(factory);

public sealed class HealthOnPostgres(PostgresApiFactory factory) : HealthSpec<PostgresApiFactory>(factory);
