using Npgsql;

namespace MovieDiscovery.Api.Infrastructure.Caching;

/// <summary>
/// Keeps <see cref="CatalogueResponseCache"/> honest on PostgreSQL: a dedicated connection LISTENs on
/// the channel that the catalogue tables' triggers notify at every commit (migration
/// CatalogueChangeNotifications), and each notification empties the cache. A quiet connection is
/// probed every few seconds; while the connection is down the cache is dark, and it reconnects alone.
/// </summary>
public sealed partial class CatalogueChangeListener(
    CatalogueResponseCache cache, string connectionString, ILogger<CatalogueChangeListener> logger) : BackgroundService
{
    public const string Channel = "catalogue_changed";
    public const string ApplicationName = "movie-discovery-cache-listener";

    private static readonly TimeSpan s_probeInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = CreateConnection();
                await ListenAsync(connection, stoppingToken);
                cache.GoLive();
                failures = 0;
                LogListening(Channel);
                await WatchAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                cache.GoDark();
                if (failures++ == 0)
                {
                    LogSignalLost(exception.GetType().Name, exception.Message);
                }
            }

            try
            {
                await Task.Delay(s_retryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        cache.GoDark();
    }

    /// <summary>A connection of its own (outside the pool) that empties the cache at every notification.</summary>
    private NpgsqlConnection CreateConnection()
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = ApplicationName };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, _) => cache.Invalidate();
        return connection;
    }

    private static async Task ListenAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        await connection.OpenAsync(stoppingToken);
        await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
        await listen.ExecuteNonQueryAsync(stoppingToken);
    }

    /// <summary>Delivers notifications until the connection fails; a quiet one is probed, so a dead one fails too.</summary>
    private static async Task WatchAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (true)
        {
            if (!await connection.WaitAsync(s_probeInterval, stoppingToken))
            {
                // Nothing arrived: make sure that is because nothing changed, not because the connection died.
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Response cache live: listening for catalogue changes on {Channel}")]
    private partial void LogListening(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Response cache dark until the catalogue change signal is back: {Error}: {Reason}")]
    private partial void LogSignalLost(string error, string reason);
}
