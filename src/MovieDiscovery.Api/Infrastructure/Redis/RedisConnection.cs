using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MovieDiscovery.Api.Infrastructure.Redis;

/// <summary>
/// The one connection to Redis, when <c>Redis:Configuration</c> is set, and whether it may be used now.
/// Its users fail open: when Redis does not answer they fall back to state in this process rather than
/// refuse requests. This class tells them when to, and logs each outage once (a warning) and its end
/// (information). After a failed command Redis is left alone for <see cref="RetryAfterFailure"/>, so an
/// outage costs one timeout per second at most, not one per request.
/// </summary>
public sealed partial class RedisConnection : IDisposable
{
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly ILogger<RedisConnection> _logger;
    private readonly TimeProvider _clock;
    private long _retryAt;
    private int _down;

    public RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger, TimeProvider clock)
    {
        _logger = logger;
        _clock = clock;
        if (options.Value.IsConfigured)
        {
            // Never aborts: a Redis that is down at start is an outage like any other, retried in the background.
            Multiplexer = ConnectionMultiplexer.Connect(ParseConfiguration(options.Value.Configuration!));
        }
    }

    /// <summary>Null when no Redis is configured: then every instance keeps its own state.</summary>
    public IConnectionMultiplexer? Multiplexer { get; }

    /// <summary>
    /// Our defaults first, so that the operator's string overrides them: short timeouts (a rate limit
    /// must not hold a request for long) and no abort when Redis is down at start. Commands fail at once
    /// while disconnected instead of queueing, and the connection is retried every second.
    /// </summary>
    public static ConfigurationOptions ParseConfiguration(string configuration)
    {
        var options = ConfigurationOptions.Parse("connectTimeout=2000,syncTimeout=1000,asyncTimeout=1000," + configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        return options;
    }

    /// <summary>True when Redis should be asked now; false while it is known to be unreachable.</summary>
    public bool IsUsable()
    {
        if (Multiplexer is null)
        {
            return false;
        }

        if (!Multiplexer.IsConnected)
        {
            MarkDown("not connected");
            return false;
        }

        return _clock.GetTimestamp() >= Interlocked.Read(ref _retryAt);
    }

    /// <summary>A command failed: fall back for a while, and say so once per outage.</summary>
    public void Failed(Exception exception)
    {
        Interlocked.Exchange(ref _retryAt, _clock.GetTimestamp() + (long)(RetryAfterFailure.TotalSeconds * _clock.TimestampFrequency));
        MarkDown($"{exception.GetType().Name}: {exception.Message}");
    }

    /// <summary>A command succeeded: the outage, if any, is over.</summary>
    public void Succeeded()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            LogRecovered(_logger);
        }
    }

    /// <summary>True when an exception means Redis did not answer (rather than a bug of ours).</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException;

    public void Dispose() => Multiplexer?.Dispose();

    private void MarkDown(string reason)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            LogUnavailable(_logger, reason);
        }
    }

    [LoggerMessage(EventName = "RedisUnavailable", Level = LogLevel.Warning,
        Message = "Redis is unreachable ({Reason}): rate limits and login delays fall back to this instance's own counts until it answers again.")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventName = "RedisRecovered", Level = LogLevel.Information,
        Message = "Redis answers again: rate limits and login delays are shared by every instance again.")]
    private static partial void LogRecovered(ILogger logger);
}
