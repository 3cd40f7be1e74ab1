using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MovieDiscovery.Api.Infrastructure.Health;

/// <summary>
/// Runs a check at most once at a time and reuses a healthy result for <see cref="HealthEndpoints.ReadyReuse"/>,
/// so a flood of readiness probes costs the database one check per period. An unhealthy result is
/// not reused: the next probe checks again (one at a time still), so recovery shows at once.
/// </summary>
internal sealed class ReusedHealthCheck<TCheck>(IServiceScopeFactory scopes, TimeProvider clock) : IHealthCheck
    where TCheck : IHealthCheck
{
    private readonly Lock _gate = new();
    private Task<HealthCheckResult>? _running;
    private (HealthCheckResult Result, long At)? _healthy;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_healthy is { } last && clock.GetElapsedTime(last.At) < HealthEndpoints.ReadyReuse)
            {
                return Task.FromResult(last.Result);
            }

            _running ??= RunAsync(context);
            return _running.WaitAsync(cancellationToken);
        }
    }

    /// <summary>In its own scope and bounded by the registration's timeout, so no caller's cancellation or scope ends it early.</summary>
    private async Task<HealthCheckResult> RunAsync(HealthCheckContext context)
    {
        await Task.Yield();
        HealthCheckResult result;
        try
        {
            using var timeout = new CancellationTokenSource(context.Registration.Timeout);
            await using var scope = scopes.CreateAsyncScope();
            var check = ActivatorUtilities.CreateInstance<TCheck>(scope.ServiceProvider);
            result = await check.CheckHealthAsync(context, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            result = HealthCheckResult.Unhealthy("The check timed out.");
        }

        lock (_gate)
        {
            _healthy = result.Status == HealthStatus.Healthy ? (result, clock.GetTimestamp()) : null;
            _running = null;
        }

        return result;
    }
}
