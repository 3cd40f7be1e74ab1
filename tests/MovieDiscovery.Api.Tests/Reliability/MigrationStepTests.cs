using System.Diagnostics;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>
/// The migration step, <c>MovieDiscovery.Api --migrate-only</c>: the same binary and settings as the service,
/// run once before the instances (which then start with <c>Database__MigrateOnStartup=false</c>).
/// </summary>
public abstract class MigrationStepTests(DatabaseProvider provider, ITestOutputHelper output)
{
    private static readonly TimeSpan s_stepTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task It_migrates_seeds_when_enabled_logs_what_it_did_and_exits_0_without_serving()
    {
        var database = await TestDatabase.CreateAsync(provider);
        var settings = Settings(database);

        var (first, firstLog) = await RunStepAsync(settings);
        var demoAccounts = await database.CountAsync(TestDatabase.DemoAccounts);
        var (again, againLog) = await RunStepAsync(settings);

        Assert.Equal(0, first);
        Assert.Equal(3, demoAccounts);
        Assert.Contains("Migrations:", firstLog, StringComparison.Ordinal);
        Assert.Contains("Seeded the demo catalogue", firstLog, StringComparison.Ordinal);
        Assert.Contains("Migration step done", firstLog, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", firstLog, StringComparison.Ordinal);
        Assert.Equal(0, again);
        Assert.Contains("Migrations: 0 applied", againLog, StringComparison.Ordinal);
        Assert.Contains("Demo data already present", againLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_leaves_demo_data_out_in_Production_unless_enabled_and_needs_only_the_database_settings()
    {
        var database = await TestDatabase.CreateAsync(provider);
        var settings = Settings(database);
        settings.Remove("Database__SeedDemoData");
        settings.Remove("Auth__SigningKey");

        var (exitCode, log) = await RunStepAsync(settings);

        Assert.Equal(0, exitCode);
        Assert.Equal(0, await database.CountAsync(TestDatabase.DemoAccounts));
        Assert.Contains("Demo data off", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_that_does_not_migrate_is_not_ready_until_the_migration_step_has_run()
    {
        var database = await TestDatabase.CreateAsync(provider);
        var settings = Settings(database);
        await using var api = ApiProcess.Launch(new Dictionary<string, string>(settings) { ["Database__MigrateOnStartup"] = "false" });
        using var client = api.CreateClient(TimeSpan.FromSeconds(5));

        var clock = Stopwatch.StartNew();
        var (live, ready) = (0, 0);
        while ((live != 200 || ready != 503) && clock.Elapsed < TimeSpan.FromSeconds(60) && !api.HasExited)
        {
            live = await StatusAsync(client, "/health/live");
            ready = await StatusAsync(client, "/health/ready");
            await Task.Delay(100);
        }

        var migratedMeanwhile = await database.CountAsync("SELECT count(*) FROM users");
        var (exitCode, _) = await RunStepAsync(settings);
        var readyAfter = clock.Elapsed;
        await api.WaitReadyAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"live {live}, ready {ready} before the step; ready {(clock.Elapsed - readyAfter).TotalMilliseconds:F0} ms after it");

        Assert.Equal(200, live);
        Assert.Equal(503, ready);
        Assert.Null(migratedMeanwhile);
        Assert.Equal(0, exitCode);
        Assert.Contains("not ready until the migration step", api.LogTail(200), StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_exits_non_zero_when_it_cannot_migrate()
    {
        var settings = Settings(new TestDatabase(provider, UnreachableDatabase()));

        var (exitCode, log) = await RunStepAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Migration step failed", log, StringComparison.Ordinal);
    }

    /// <summary>A connection string the step cannot open.</summary>
    protected abstract string UnreachableDatabase();

    private static Dictionary<string, string> Settings(TestDatabase database) => database.Provider == DatabaseProvider.Postgres
        ? ApiProcess.PostgresSettings(database.ConnectionString)
        : ApiProcess.SqliteSettings(database.ConnectionString);

    private async Task<(int ExitCode, string Log)> RunStepAsync(IReadOnlyDictionary<string, string> settings)
    {
        await using var step = ApiProcess.Launch(settings, arguments: [DatabaseSetup.MigrateOnlyFlag]);
        var exited = await step.WaitForExitAsync(s_stepTimeout);
        var log = step.LogTail(400);
        output.WriteLine($"--- migration step (exited: {exited}) ---\n{log}");
        Assert.True(exited, $"The migration step did not exit within {s_stepTimeout.TotalSeconds} s.");
        return (step.ExitCode, log);
    }

    private static async Task<int> StatusAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            return (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}

[Collection(ReliabilityTests.Collection)]
public sealed class MigrationStepOnSqlite(ITestOutputHelper output) : MigrationStepTests(DatabaseProvider.Sqlite, output)
{
    protected override string UnreachableDatabase() => "Data Source=/proc/no-such-folder/movies.db";
}

[Collection(ReliabilityTests.Collection)]
public sealed class MigrationStepOnPostgres(ITestOutputHelper output) : MigrationStepTests(DatabaseProvider.Postgres, output)
{
    protected override string UnreachableDatabase() =>
        $"Host=127.0.0.1;Port={ChildProcesses.FreePort()};Username=postgres;Database=movies;Timeout=2";
}
