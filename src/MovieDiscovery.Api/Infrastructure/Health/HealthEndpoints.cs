using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Health;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    /// <summary>How long a healthy database check answers readiness probes (a flood of them costs the database nothing more).</summary>
    public static readonly TimeSpan ReadyReuse = TimeSpan.FromSeconds(1);

    public static IServiceCollection AddServiceHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<ReusedHealthCheck<DatabaseReadyCheck>>();
        services.AddHealthChecks()
            .AddCheck<ReusedHealthCheck<DatabaseReadyCheck>>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3));
        return services;
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: it can serve requests.</summary>
    public static IEndpointRouteBuilder MapServiceHealthChecks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").ExcludeFromDescription();
        group.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        group.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.Headers.CacheControl = "no-store";
        var checks = report.Entries.ToDictionary(e => e.Key, e => (object?)e.Value.Description);
        if (report.Status == HealthStatus.Unhealthy)
        {
            return ApiErrors.NotReady(checks).ExecuteAsync(context);
        }

        return context.Response.WriteAsJsonAsync(new HealthResponse(report.Status.ToString(), checks), context.RequestAborted);
    }

    private sealed record HealthResponse(string Status, IDictionary<string, object?> Checks);
}
