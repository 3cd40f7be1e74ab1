using Microsoft.Extensions.Options;
using MovieDiscovery.Api.Data;
using Npgsql;
using NpgsqlTypes;

namespace MovieDiscovery.Api.Infrastructure.Caching;

/// <summary>
/// Tells the instance about every catalogue change on PostgreSQL: a dedicated connection to the primary
/// (target session <c>primary</c>, whichever host of the connection string that is now, so it follows a
/// promoted standby) LISTENs on the channel that the catalogue tables' triggers notify at every commit
/// (migration CatalogueChangeNotifications). Each notification empties <see cref="CatalogueResponseCache"/>
/// and holds catalogue reads on the primary (<see cref="StandbyFreshness"/>) until a standby has replayed
/// the primary's WAL position read right after it. A quiet connection is probed every few seconds, each
/// probe bounded by <see cref="ProbeTimeoutSeconds"/>; while the connection is down the cache is dark, no
/// standby answers, and it reconnects alone. Runs on PostgreSQL when the cache is enabled or the connection
/// string lists standbys.
/// </summary>
public sealed partial class CatalogueChangeListener(
    CatalogueResponseCache cache,
    StandbyFreshness freshness,
    IOptions<DatabaseOptions> database,
    IOptions<ResponseCacheOptions> caching,
    ILogger<CatalogueChangeListener> logger) : BackgroundService
{
    public const string Channel = "catalogue_changed";
    public const string ApplicationName = "movie-discovery-cache-listener";

    /// <summary>Bounds the probe (and every command of this connection): a dead connection is found within the probe interval plus this.</summary>
    public const int ProbeTimeoutSeconds = 5;

    private static readonly TimeSpan s_probeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = database.Value;
        if (options.Provider != DatabaseProvider.Postgres
            || (!caching.Value.Enabled && !PostgresDataSources.HasSeveralHosts(options.ConnectionString)))
        {
            return;
        }

        await using var hosts = CreateDataSource(options);
        var primary = hosts.WithTargetSession(TargetSessionAttributes.Primary);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = primary.CreateConnection();
                connection.Notification += (_, _) => OnChange();
                await ListenAsync(connection, stoppingToken);
                // Changes committed while nobody listened are before this position too.
                await PlaceChangesAsync(connection, always: true, stoppingToken);
                freshness.SignalUp();
                cache.GoLive();
                failures = 0;
                LogListening(Channel, connection.Host ?? "", connection.Port);
                await WatchAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                freshness.SignalLost();
                cache.GoDark();
                if (failures++ == 0)
                {
                    LogSignalLost(exception.GetType().Name, exception.Message);
                }
            }

            // A failover may have made another host the primary: look at every host again.
            hosts.ClearDatabaseStates();
            try
            {
                await Task.Delay(s_retryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        freshness.SignalLost();
        cache.GoDark();
    }

    /// <summary>
    /// Connections of its own, outside the pool, only ever to the primary (LISTEN is refused by a standby, and
    /// a pooler in transaction mode would lose it: <see cref="DatabaseOptions.ListenerConnectionString"/> then bypasses it).
    /// A timed-out command breaks the connection at once instead
    /// of waiting for the server to confirm the cancellation.
    /// </summary>
    private static NpgsqlMultiHostDataSource CreateDataSource(DatabaseOptions options)
    {
        var given = string.IsNullOrWhiteSpace(options.ListenerConnectionString)
            ? options
            : new DatabaseOptions { ConnectionString = options.ListenerConnectionString, ConnectTimeoutSeconds = options.ConnectTimeoutSeconds };
        var builder = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(given))
        {
            Pooling = false,
            ApplicationName = ApplicationName,
            CommandTimeout = ProbeTimeoutSeconds,
            CancellationTimeout = -1,
        };
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).BuildMultiHost();
    }

    /// <summary>Raised while the connection reads: hold standbys back first, then empty the cache.</summary>
    private void OnChange()
    {
        freshness.Notified();
        cache.Invalidate();
    }

    private static async Task ListenAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        await connection.OpenAsync(stoppingToken);
        await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
        await listen.ExecuteNonQueryAsync(stoppingToken);
    }

    /// <summary>
    /// Reads the primary's WAL insert position after the notifications counted so far arrived, so it is at or
    /// after each of their commits; again while more arrive meanwhile (their commits may be later than the read).
    /// </summary>
    private async Task PlaceChangesAsync(NpgsqlConnection connection, bool always, CancellationToken stoppingToken)
    {
        while (always || freshness.HasUnplacedChanges)
        {
            always = false;
            var notified = freshness.ChangesNotified;
            await using var position = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()", connection);
            freshness.Placed(notified, (NpgsqlLogSequenceNumber)(await position.ExecuteScalarAsync(stoppingToken))!);
        }
    }

    /// <summary>Delivers notifications until the connection fails; a quiet one is probed, so a dead one fails too.</summary>
    private async Task WatchAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (true)
        {
            // Notifications arrive while waiting, and also while probing or placing.
            await PlaceChangesAsync(connection, always: false, stoppingToken);
            if (!await connection.WaitAsync(s_probeInterval, stoppingToken))
            {
                // Nothing arrived: make sure that is because nothing changed, not because the connection died.
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Response cache live: listening for catalogue changes on {Channel} at the primary {Host}:{Port}")]
    private partial void LogListening(string channel, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response cache dark and catalogue reads on the primary until the catalogue change signal is back: {Error}: {Reason}")]
    private partial void LogSignalLost(string error, string reason);
}
