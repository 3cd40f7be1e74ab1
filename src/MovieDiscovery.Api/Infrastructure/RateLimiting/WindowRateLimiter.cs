using System.Threading.RateLimiting;
using MovieDiscovery.Api.Infrastructure.Redis;
using RedisRateLimiting;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

/// <summary>A fixed window: <see cref="PermitLimit"/> requests per <see cref="Window"/>.</summary>
public sealed record WindowPolicy(int PermitLimit, TimeSpan Window);

/// <summary>
/// One client's fixed window. With Redis the window is counted there (RedisRateLimiting's fixed window,
/// one Lua script per request), so every instance shares it; without Redis, or while Redis does not
/// answer, it is counted in this process. Failing open keeps the service answering through a Redis
/// outage, with per-instance limits meanwhile, rather than refusing every request.
/// </summary>
public sealed class WindowRateLimiter : ReplenishingRateLimiter
{
    private readonly WindowPolicy _policy;
    private readonly RedisConnection _redis;
    private readonly FixedWindowRateLimiter _local;
    private readonly RateLimiter? _shared;

    public WindowRateLimiter(string key, WindowPolicy policy, RedisConnection redis)
    {
        _policy = policy;
        _redis = redis;
        // Replenished by the partitioned limiter that owns this one (it calls TryReplenish), not by a timer each.
        _local = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = policy.PermitLimit,
            Window = policy.Window,
            QueueLimit = 0,
            AutoReplenishment = false,
        });
        if (redis.Multiplexer is { } multiplexer)
        {
            _shared = new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions
            {
                PermitLimit = policy.PermitLimit,
                Window = policy.Window,
                ConnectionMultiplexerFactory = () => multiplexer,
            });
        }
    }

    public override bool IsAutoReplenishing => false;

    public override TimeSpan ReplenishmentPeriod => _local.ReplenishmentPeriod;

    public override TimeSpan? IdleDuration =>
        _local.IdleDuration is { } local && (_shared is null ? local : _shared.IdleDuration) is { } shared
            ? TimeSpan.FromTicks(Math.Min(local.Ticks, shared.Ticks))
            : null;

    public override bool TryReplenish() => _local.TryReplenish();

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        _shared is null ? Local(_local.AttemptAcquire(permitCount)) : WindowLease.Deferred;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (_shared is not null && _redis.IsUsable())
        {
            try
            {
                using var lease = await _shared.AcquireAsync(permitCount, cancellationToken);
                _redis.Succeeded();
                return Shared(lease);
            }
            catch (Exception exception) when (RedisConnection.IsUnavailable(exception))
            {
                _redis.Failed(exception);
            }
        }

        return Local(_local.AttemptAcquire(permitCount));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
            _shared?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The local window does not say when it renews: at most a window from now.</summary>
    private WindowLease Local(RateLimitLease lease)
    {
        using (lease)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
            return new WindowLease(lease.IsAcquired, _local.GetStatistics()?.CurrentAvailablePermits, _policy.Window, retryAfter);
        }
    }

    /// <summary>
    /// RedisRateLimiting reports the permits left and the window's last second (Unix time): the next
    /// window opens the second after it.
    /// </summary>
    private WindowLease Shared(RateLimitLease lease)
    {
        var remaining = lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var left) ? left : (long?)null;
        TimeSpan? resetAfter = lease.TryGetMetadata(RateLimitMetadataName.Reset, out var lastSecond)
            ? TimeSpan.FromSeconds(Math.Clamp(lastSecond + 1 - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1, (long)_policy.Window.TotalSeconds + 1))
            : null;
        TimeSpan? retryAfter = lease.IsAcquired ? null : resetAfter ?? _policy.Window;
        return new WindowLease(lease.IsAcquired, remaining, resetAfter, retryAfter);
    }
}
