using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;

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
            .AddCheck<ReusedHealthCheck<DatabaseReadyCheck>>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(3))
            .AddCheck<ShutdownReadyCheck>("shutdown", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: it can serve requests and is not stopping
    /// (a balancer takes it out of rotation while it drains, see <see cref="ShutdownDrain"/>). Route handlers (not
    /// the health-check middleware) so that the OpenAPI document describes them like every other route.
    /// </summary>
    public static IEndpointRouteBuilder MapServiceHealthChecks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health")
            .ProducesErrors(ErrorCodes.InternalError)
            .ProducesErrorExamples([.. ApiErrors.RequestHeadErrors]);
        group.MapGet("/live", Live)
            .WithName("Live")
            .WithSummary("Is the process up?")
            .WithDescription("200 while the process answers; asks nothing of the database. Not rate limited. For a liveness probe.");
        group.MapGet("/ready", ReadyAsync)
            .WithName("Ready")
            .WithSummary("Can it serve requests?")
            .WithDescription("200 when the database answers and every migration and repeatable script of this build is applied; " +
                "503 otherwise, naming the failing check. A healthy result is reused for up to a second, so probes cost the database " +
                "at most one check per second. Not rate limited. For a readiness probe or a load balancer.")
            .ProducesErrorExamples(ApiErrors.NotReady(new Dictionary<string, object?> { ["database"] = "The database is unreachable." }));
        return app;
    }

    public static Ok<HealthResponse> Live(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new HealthResponse(nameof(HealthStatus.Healthy), new Dictionary<string, object?>()));
    }

    public static async Task<Results<Ok<HealthResponse>, ApiErrorResult>> ReadyAsync(HealthCheckService health, HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), cancellationToken);
        var checks = report.Entries.ToDictionary(e => e.Key, e => (object?)e.Value.Description);
        return report.Status == HealthStatus.Unhealthy
            ? ApiErrors.NotReady(checks)
            : TypedResults.Ok(new HealthResponse(report.Status.ToString(), checks));
    }
}

/// <summary>A health answer: the overall status and each check's description.</summary>
public sealed record HealthResponse(
    [property: AllowedValues(nameof(HealthStatus.Healthy), nameof(HealthStatus.Degraded))] string Status,
    [property: Description("Each check by name, with what it found.")] IDictionary<string, object?> Checks);
