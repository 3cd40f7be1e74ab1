using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Data.Seed;
using MovieDiscovery.Api.Features.Movies;
using Npgsql;

namespace MovieDiscovery.Api.Data;

public static class DatabaseSetup
{
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Both contexts read the validated options when first used; AppDbContext is the configured one.
        services.AddDbContextPool<PostgresAppDbContext>((serviceProvider, builder) =>
        {
            var options = serviceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            builder
                .UseNpgsql(PostgresConnectionString(options), npgsql => npgsql.CommandTimeout(options.CommandTimeoutSeconds))
                .UseSnakeCaseNamingConvention()
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        });
        services.AddDbContextPool<SqliteAppDbContext>((serviceProvider, builder) =>
        {
            var options = serviceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            builder
                .UseSqlite(SqliteConnectionString(options.ConnectionString), sqlite => sqlite.CommandTimeout(options.CommandTimeoutSeconds))
                .UseSnakeCaseNamingConvention()
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                .AddInterceptors(new TitleWords.SqliteFunction());
        });
        services.AddScoped<AppDbContext>(serviceProvider =>
            serviceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
                ? serviceProvider.GetRequiredService<PostgresAppDbContext>()
                : serviceProvider.GetRequiredService<SqliteAppDbContext>());

        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }

    /// <summary>Migrates and seeds as configured; runs once before the service takes requests.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Migrating and seeding may take longer than a request is allowed to.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));

        if (options.MigrateOnStartup)
        {
            await SchemaMigrator.MigrateAsync(db, cancellationToken);
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers go on while a save is being written.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (options.SeedDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(db, cancellationToken);
        }
    }

    private static readonly string[] s_poolSizeKeys = ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"];

    /// <summary>
    /// Defaults for what the connection string leaves unset. A short connect timeout: Npgsql waits 15 s
    /// by default, and a timed-out command's cancel request waits that long again, so a black-holed
    /// database would hold a request far longer than its command timeout (the reliability tests show it).
    /// Automatic preparation of the hot statements, kept across pooled uses (no reset on close: the API
    /// sets no session state), so each request is a bind and execute of an already planned statement. A
    /// small pool (<see cref="DatabaseOptions.MaxPoolSize"/>): a few busy connections per database core
    /// answer with a lower tail latency than many contending ones (the decision: docs/decisions/).
    /// </summary>
    internal static string PostgresConnectionString(DatabaseOptions options)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = options.ConnectionString };
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = options.ConnectTimeoutSeconds;
        }

        if (!s_poolSizeKeys.Any(given.ContainsKey))
        {
            builder.MaxPoolSize = options.MaxPoolSize;
        }

        if (!given.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 32;
        }

        if (!given.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Makes sure the folder of a SQLite file exists, so a fresh checkout just runs.</summary>
    private static string SqliteConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }
}
