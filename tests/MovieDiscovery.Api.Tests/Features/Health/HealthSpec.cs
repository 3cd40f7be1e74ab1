using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;

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
}

public sealed class HealthOnSqlite(SqliteApiFactory factory) : HealthSpec<SqliteApiFactory>(factory);

public sealed class HealthOnPostgres(PostgresApiFactory factory) : HealthSpec<PostgresApiFactory>(factory);
