using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

/// <summary>The <c>RateLimiting</c> configuration section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Token requests a client (by IP address) may make per window.</summary>
    [Range(1, 1_000_000)]
    public int TokenPermitLimit { get; set; } = 10;

    [Range(1, 3600)]
    public int TokenWindowSeconds { get; set; } = 60;
}

public static class RateLimitSetup
{
    /// <summary>The policy of <c>POST /v1/auth/token</c>: a fixed window per client IP, against password guessing.</summary>
    public const string TokenPolicy = "token";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
            limiter.AddPolicy(TokenPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.TokenPermitLimit,
                    Window = TimeSpan.FromSeconds(options.TokenWindowSeconds),
                    QueueLimit = 0,
                }));
        });
        return services;
    }

    private static ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(ErrorResponseWriter.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
            ErrorCodes.RateLimited, "Too many requests; retry later.",
            new Dictionary<string, object?> { ["retry_after_seconds"] = retryAfter }));
    }
}
