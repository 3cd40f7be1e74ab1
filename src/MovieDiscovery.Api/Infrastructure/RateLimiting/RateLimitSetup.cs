using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.Forwarding;
using MovieDiscovery.Api.Infrastructure.Redis;

namespace MovieDiscovery.Api.Infrastructure.RateLimiting;

public static class RateLimitSetup
{
    /// <summary>The policy of <c>POST /v1/auth/token</c>, on top of the per-client limit.</summary>
    public const string TokenPolicy = "token";

    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RedisOptions>()
            .BindConfiguration(RedisOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<ClientRateLimiter>();
        services.AddSingleton<LoginLimiter>();

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ClientRateLimiter, RedisConnection, IOptions<RateLimitOptions>>((limiter, client, redis, options) =>
        {
            var token = new WindowPolicy(options.Value.TokenPermitLimit, TimeSpan.FromSeconds(options.Value.TokenWindowSeconds));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
            limiter.GlobalLimiter = client;
            limiter.AddPolicy(TokenPolicy, http => RateLimitPartition.Get(
                "token:" + ClientAddress.Key(http), key => new WindowRateLimiter(key, token, redis)));
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
        http.RequestServices.GetRequiredService<ClientRateLimiter>().WriteHeaders(http);
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
        return new ValueTask(ApiErrors.RateLimited(RateLimitRejection.RetryAfter(http, retryAfter)).ExecuteAsync(http));
    }
}
