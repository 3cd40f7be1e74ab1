using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Forwarding;
using MovieDiscovery.Api.Infrastructure.Redis;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

/// <summary>
/// The limit every route shares: a fixed window per client (per user with a token, per client address
/// without), so one noisy client does not use up another's allowance; shared by every instance through
/// Redis when it is configured. Health probes are not limited. It remembers where the request's client
/// stands, for the <c>RateLimit</c> headers.
/// </summary>
public sealed class ClientRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly string _policyHeader;
    private readonly int _windowSeconds;

    public ClientRateLimiter(IOptions<RateLimitOptions> options, RedisConnection redis)
    {
        var settings = options.Value;
        var policy = new WindowPolicy(settings.PermitLimit, TimeSpan.FromSeconds(settings.WindowSeconds));
        _windowSeconds = settings.WindowSeconds;
        _policyHeader = string.Create(CultureInfo.InvariantCulture, $"\"client\";q={settings.PermitLimit};w={settings.WindowSeconds}");
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsHealthProbe(http.Request.Path)
            ? RateLimitPartition.GetNoLimiter("health")
            : RateLimitPartition.Get(ClientKey(http), key => new WindowRateLimiter(key, policy, redis)));
    }

    /// <summary>
    /// <c>RateLimit-Policy</c> and <c>RateLimit</c> (IETF httpapi rate-limit headers): the quota, the
    /// requests left in the window (across every instance when Redis is configured), and the seconds
    /// until the window renews (at most a window when counted in this process, which cannot tell).
    /// </summary>
    public void WriteHeaders(HttpContext http)
    {
        if (http.Features.Get<ClientStanding>() is not { } standing)
        {
            return;
        }

        var renewsIn = (int)Math.Ceiling((standing.ResetAfter ?? TimeSpan.FromSeconds(_windowSeconds)).TotalSeconds);
        http.Response.Headers["RateLimit-Policy"] = _policyHeader;
        http.Response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"client\";r={standing.Remaining};t={renewsIn}");
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _limiter.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Remember(resource, _limiter.AttemptAcquire(resource, permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        Remember(resource, await _limiter.AcquireAsync(resource, permitCount, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _limiter.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The partition key of the client: <c>client:user:42</c> or <c>client:ip:203.0.113.7</c>.</summary>
    private static string ClientKey(HttpContext http) => http.User.UserId() is { } userId
        ? string.Create(CultureInfo.InvariantCulture, $"client:user:{userId}")
        : "client:" + ClientAddress.Key(http);

    /// <summary>Health probes are never limited (and the OpenAPI document gives them no rate-limit headers).</summary>
    public static bool IsHealthProbe(PathString path) => path.StartsWithSegments("/health");

    private static RateLimitLease Remember(HttpContext http, RateLimitLease lease)
    {
        if (lease.TryGetMetadata(WindowLease.Remaining, out var remaining))
        {
            http.Features.Set(new ClientStanding(remaining, lease.TryGetMetadata(WindowLease.ResetAfter, out var reset) ? reset : null));
        }

        return lease;
    }

    private sealed record ClientStanding(long Remaining, TimeSpan? ResetAfter);
}
