using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MovieDiscovery.Api.Infrastructure.Health;

/// <summary>The <c>Shutdown</c> configuration section.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// Seconds between the stop signal (SIGTERM) and the server's stop, during which <c>/health/ready</c> answers
    /// 503 while requests are still served: long enough for a balancer's health checks to take the instance out
    /// of rotation first (checking every second, down after two failures, it needs a little over 2 s).
    /// </summary>
    [Range(0, 120)]
    public int DrainSeconds { get; set; } = 5;
}

/// <summary>
/// On a stop signal, the instance reports not-ready, goes on serving for <see cref="ShutdownOptions.DrainSeconds"/>,
/// and only then lets the server stop (new connections refused, in-flight requests finished within the host's
/// shutdown timeout). The host asks every lifecycle service to get ready to stop before it stops any service.
/// </summary>
public sealed partial class ShutdownDrain(IOptions<ShutdownOptions> options, ILogger<ShutdownDrain> logger) : IHostedLifecycleService
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        var drain = TimeSpan.FromSeconds(options.Value.DrainSeconds);
        if (drain <= TimeSpan.Zero)
        {
            return;
        }

        LogDraining(drain.TotalSeconds);
        try
        {
            await Task.Delay(drain, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: not ready, still serving for {Seconds} s so the load balancer takes this instance out first")]
    private partial void LogDraining(double seconds);
}

/// <summary>Not ready once the instance is draining before it stops.</summary>
internal sealed class ShutdownReadyCheck(ShutdownDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining
            ? HealthCheckResult.Unhealthy("The instance is stopping.")
            : HealthCheckResult.Healthy("The instance is not stopping."));
}

public static class ShutdownDrainSetup
{
    public static IServiceCollection AddShutdownDrain(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>()
            .BindConfiguration(ShutdownOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(provider => provider.GetRequiredService<ShutdownDrain>());
        return services;
    }
}
