using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

/// <summary>The <c>RateLimiting</c> configuration section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests a client may make per window on any route: per user with a token, per IP address without.</summary>
    [Range(1, 100_000_000)]
    public int PermitLimit { get; set; } = 600;

    [Range(1, 3600)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Token requests a client (by IP address) may make per window, against password guessing.</summary>
    [Range(1, 100_000_000)]
    public int TokenPermitLimit { get; set; } = 10;

    [Range(1, 3600)]
    public int TokenWindowSeconds { get; set; } = 60;
}

public static class RateLimitSetup
{
    /// <summary>The policy of <c>POST /v1/auth/token</c>, on top of the per-client limit.</summary>
    public const string TokenPolicy = "token";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        var clientLimiter = new ClientRateLimiter(options);
        services.AddSingleton(clientLimiter);

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
            limiter.GlobalLimiter = clientLimiter.Limiter;
            limiter.AddPolicy(TokenPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                ClientRateLimiter.IpKey(http),
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.TokenPermitLimit,
                    Window = TimeSpan.FromSeconds(options.TokenWindowSeconds),
                    QueueLimit = 0,
                }));
        });
        return services;
    }

    /// <summary>Rate limiting, then the <c>RateLimit</c> headers that tell a client where it stands.</summary>
    public static IApplicationBuilder UseApiRateLimiting(this IApplicationBuilder app)
    {
        app.UseRateLimiter();
        var limiter = app.ApplicationServices.GetRequiredService<ClientRateLimiter>();
        return app.Use((context, next) =>
        {
            limiter.WriteHeaders(context);
            return next(context);
        });
    }

    private static ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<ClientRateLimiter>().WriteHeaders(http);
        return new ValueTask(ApiErrors.RateLimited(retryAfter).ExecuteAsync(http));
    }
}

/// <summary>
/// The limit every route shares: a fixed window per client, so one noisy client does not use up
/// another's allowance. Health probes are not limited.
/// </summary>
public sealed class ClientRateLimiter(RateLimitOptions options)
{
    private readonly string _policy = string.Create(CultureInfo.InvariantCulture, $"\"client\";q={options.PermitLimit};w={options.WindowSeconds}");

    public PartitionedRateLimiter<HttpContext> Limiter { get; } = PartitionedRateLimiter.Create<HttpContext, string>(http =>
        http.Request.Path.StartsWithSegments("/health")
            ? RateLimitPartition.GetNoLimiter("health")
            : RateLimitPartition.GetFixedWindowLimiter(ClientKey(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.PermitLimit,
                Window = TimeSpan.FromSeconds(options.WindowSeconds),
                QueueLimit = 0,
            }));

    public static string IpKey(HttpContext http) => "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>
    /// <c>RateLimit-Policy</c> and <c>RateLimit</c> (IETF httpapi rate-limit headers): the quota, the
    /// requests left, and at most how many seconds until the window renews.
    /// </summary>
    public void WriteHeaders(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/health") || Limiter.GetStatistics(http) is not { } statistics)
        {
            return;
        }

        http.Response.Headers["RateLimit-Policy"] = _policy;
        http.Response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture,
            $"\"client\";r={statistics.CurrentAvailablePermits};t={options.WindowSeconds}");
    }

    private static string ClientKey(HttpContext http) => http.User.UserId() is { } userId
        ? string.Create(CultureInfo.InvariantCulture, $"user:{userId}")
        : IpKey(http);
}
