using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Data.Seed;
using MovieDiscovery.Api.Features.Movies;
using Npgsql;

namespace MovieDiscovery.Api.Data;

public static partial class DatabaseSetup
{
    /// <summary>
    /// The database settings and the contexts: <see cref="AppDbContext"/> on the configured provider (on
    /// PostgreSQL, the primary) and <see cref="CatalogueReads"/> for the catalogue, which may read a standby.
    /// </summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton(provider => new PostgresDataSources(
            PostgresConnectionString(Options(provider)), provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<StandbyFreshness>();
        services.AddDbContextPool<PostgresAppDbContext>((provider, builder) =>
            UsePostgres(builder, provider.GetRequiredService<PostgresDataSources>().Primary, Options(provider)));
        services.AddDbContextPool<PostgresStandbyDbContext>((provider, builder) =>
            UsePostgres(builder, provider.GetRequiredService<PostgresDataSources>().Standby!, Options(provider)));
        services.AddDbContextPool<SqliteAppDbContext>((provider, builder) =>
        {
            var options = Options(provider);
            builder.UseSqlite(SqliteConnectionString(options.ConnectionString), sqlite => sqlite.CommandTimeout(options.CommandTimeoutSeconds))
                .UseSnakeCaseNamingConvention()
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                .AddInterceptors(new TitleWords.SqliteFunction());
        });
        services.AddScoped<AppDbContext>(provider => Options(provider).Provider == DatabaseProvider.Postgres
            ? provider.GetRequiredService<PostgresAppDbContext>()
            : provider.GetRequiredService<SqliteAppDbContext>());
        services.AddScoped<CatalogueReads>();

        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }

    private static DatabaseOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;

    private static void UsePostgres(DbContextOptionsBuilder builder, NpgsqlDataSource dataSource, DatabaseOptions options) =>
        builder.UseNpgsql(dataSource, npgsql => npgsql.CommandTimeout(options.CommandTimeoutSeconds))
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);

    /// <summary>The command-line flag of the migration step: migrate, seed when enabled, exit.</summary>
    public const string MigrateOnlyFlag = "--migrate-only";

    /// <summary>
    /// The migration step (<see cref="MigrateOnlyFlag"/>): applies the migrations and, when demo data is enabled,
    /// seeds; logs what it did and returns the exit code (0, or 1 on failure) without starting the web server.
    /// </summary>
    public static async Task<int> RunMigrationStepAsync(this IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSetup).FullName!);
        try
        {
            await services.InitializeDatabaseAsync(migrate: true);
            LogMigrationStepDone(logger);
            return 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogMigrationStepFailed(logger, exception);
            return 1;
        }
    }

    /// <summary>
    /// Brings the database up to date (when <paramref name="migrate"/>) and applies the demo-data rules: seeds
    /// when enabled, and outside Development refuses a database that holds the demo accounts unless demo data
    /// was enabled on purpose. Runs once, after every setting validated and before the service takes requests.
    /// An instance that does not migrate and finds migrations pending leaves the database alone (it reports
    /// not-ready until the migration step has run).
    /// </summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, bool migrate, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSetup).FullName!);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Migrating and seeding may take longer than a request is allowed to.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));

        if (migrate)
        {
            // One process at a time (SchemaMigrator's lock): instances that start together find nothing left to do.
            var applied = await SchemaMigrator.MigrateAsync(db, cancellationToken);
            LogMigrated(logger, applied.Count, applied);
        }
        else if (await HasPendingChangesAsync(db, cancellationToken))
        {
            LogMigrationsPending(logger);
            return;
        }

        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging lets readers go on while a save is being written.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        if (options.SeedDemoData is true && !environment.IsDevelopment())
        {
            LogDemoDataEnabled(logger, environment.EnvironmentName);
        }
        else if (options.SeedDemoData is not true && !environment.IsDevelopment() && await DemoSeeder.HoldsDemoAccountsAsync(db, cancellationToken))
        {
            throw new InvalidOperationException(
                $"The database holds the demo accounts ({string.Join(", ", DemoSeeder.DemoEmails)}), whose passwords are published, " +
                $"and demo data is not enabled in the {environment.EnvironmentName} environment. Remove those accounts, or, for a test " +
                "deployment only, enable demo data with Database:SeedDemoData=true (environment variable Database__SeedDemoData=true).");
        }

        if (!options.SeedsDemoData(environment))
        {
            LogDemoDataOff(logger);
            return;
        }

        if (!await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(db, cancellationToken))
        {
            LogDemoDataPresent(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations: {Count} applied ({Migrations})")]
    private static partial void LogMigrated(ILogger logger, int count, IEnumerable<string> migrations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations or trigger scripts pending and Database:MigrateOnStartup is false: not ready until the migration step (--migrate-only) has applied them")]
    private static partial void LogMigrationsPending(ILogger logger);

    /// <summary>Whether a versioned migration or a repeatable script of this build is not applied (no history yet: all are).</summary>
    private static async Task<bool> HasPendingChangesAsync(AppDbContext db, CancellationToken cancellationToken) =>
        !await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken)
        || (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any()
        || (await SchemaMigrator.PendingScriptsAsync(db, cancellationToken)).Count > 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo data is enabled in the {Environment} environment (Database:SeedDemoData=true): the demo accounts, whose passwords are published, can sign in. Only for a test deployment")]
    private static partial void LogDemoDataEnabled(ILogger logger, string environment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data off: nothing seeded")]
    private static partial void LogDemoDataOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data already present: nothing seeded")]
    private static partial void LogDemoDataPresent(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migration step done")]
    private static partial void LogMigrationStepDone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Migration step failed")]
    private static partial void LogMigrationStepFailed(ILogger logger, Exception exception);

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

        // Several hosts: after a failover, the promoted standby is known as the primary within 2 s (Npgsql
        // remembers each host's role for 10 s by default, and writes find no primary until it looks again).
        if (PostgresDataSources.HasSeveralHosts(options.ConnectionString) && !given.ContainsKey("Host Recheck Seconds") && !given.ContainsKey("HostRecheckSeconds"))
        {
            builder.HostRecheckSeconds = 2;
        }

        // Several standbys: spread catalogue reads over them, not always the first one listed. (With one standby
        // there is nothing to spread, and the hosts are tried in the order given.)
        if (builder.Host?.Count(c => c == ',') >= 2 && !given.ContainsKey("Load Balance Hosts") && !given.ContainsKey("LoadBalanceHosts"))
        {
            builder.LoadBalanceHosts = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Makes sure the folder of a SQLite file exists, so a fresh checkout just runs.</summary>
    internal static string SqliteConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return builder.ToString();
    }
}
