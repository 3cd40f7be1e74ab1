using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MovieDiscovery.Api.Data;
using Npgsql;

namespace MovieDiscovery.Api.Features.Availability;

/// <summary>
/// The availability clock: ten times a second it moves the database's availability "now" (the
/// <c>availability_clock</c> row) to the present and applies every window that started or ended since, so a
/// boundary reaches <c>movie_availability</c>, and through its triggers every derived table, count, cached answer
/// and standby, within a second, with no write from outside. Every instance runs it: on PostgreSQL one run at a time
/// does the work (Data/Sql/Postgres/availability_windows.sql), so a cluster applies each boundary once and goes on
/// when an instance stops; on SQLite the run is in-process, in one write transaction. It uses connections of its own,
/// outside the request pool, so a run that waits for a writer of windows (an import batch) holds no request back.
/// </summary>
public sealed partial class AvailabilityClockService(IOptions<DatabaseOptions> database, TimeProvider time, ILogger<AvailabilityClockService> logger)
    : BackgroundService
{
    public const string ApplicationName = "movie-discovery-availability-clock";

    /// <summary>Between two runs: a boundary is applied at most this long after it passed, plus the run itself.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    // A run may wait for the writer of windows in progress (an import batch commits within seconds).
    private const int CommandTimeoutSeconds = 60;

    private NpgsqlDataSource? _postgres;
    private int _failures;

    /// <summary>Applies what passed while no instance ran before the service takes requests (a failure is logged, not fatal).</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RunOnceAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _postgres?.Dispose();
        base.Dispose();
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var applied = database.Value.Provider == DatabaseProvider.Postgres
                ? await AdvanceOnPostgresAsync(cancellationToken)
                : await AdvanceOnSqliteAsync(cancellationToken);
            if (_failures > 0)
            {
                LogRecovered(_failures);
                _failures = 0;
            }

            if (applied > 0)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                LogApplied(applied, elapsed.TotalMilliseconds);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The database is down, or not migrated yet: the next run tries again; said once per streak.
            if (_failures++ == 0)
            {
                LogFailing(exception.GetType().Name, exception.Message);
            }
        }
    }

    private async Task<int> AdvanceOnPostgresAsync(CancellationToken cancellationToken)
    {
        _postgres ??= CreatePostgresDataSource(database.Value);
        await using var command = _postgres.CreateCommand("SELECT advance_availability_clock()");
        return await command.ExecuteScalarAsync(cancellationToken) is int applied ? applied : 0;
    }

    /// <summary>
    /// A small pool of its own, on the primary (whichever host that is now): the run is one statement, and a
    /// timed-out one breaks its connection at once rather than waiting for the server to confirm the cancellation.
    /// </summary>
    private static NpgsqlDataSource CreatePostgresDataSource(DatabaseOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(options))
        {
            ApplicationName = ApplicationName,
            MaxPoolSize = 2,
            CommandTimeout = CommandTimeoutSeconds,
            CancellationTimeout = -1,
        };
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).BuildMultiHost().WithTargetSession(TargetSessionAttributes.Primary);
    }

    /// <summary>
    /// Moves now forward and touches the windows whose start or end it passed, whose own triggers then apply them
    /// (Data/Sql/Sqlite/availability_windows.sql), in one write transaction.
    /// </summary>
    private async Task<int> AdvanceOnSqliteAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(DatabaseSetup.SqliteConnectionString(database.Value.ConnectionString));
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = CommandTimeoutSeconds;
        command.CommandText = "SELECT applied_until FROM availability_clock WHERE id = 1";
        var from = DateTime.Parse((string)(await command.ExecuteScalarAsync(cancellationToken))!, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var to = time.GetUtcNow().UtcDateTime;
        if (to <= from)
        {
            return 0;
        }

        command.CommandText = """
            UPDATE availability_clock SET applied_until = $to WHERE id = 1;
            UPDATE availability_windows SET available_from = available_from
            WHERE (available_from > $from AND available_from <= $to) OR (available_until > $from AND available_until <= $to);
            """;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // The clock's own row is one of the rows counted.
        return changed - 1;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Availability clock: applied the windows of {Pairs} movie and country pairs in {Milliseconds:F1} ms")]
    private partial void LogApplied(int pairs, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Availability clock: a run failed, retrying every run until one succeeds: {Error}: {Reason}")]
    private partial void LogFailing(string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Availability clock: running again after {Failures} failed runs")]
    private partial void LogRecovered(int failures);
}
