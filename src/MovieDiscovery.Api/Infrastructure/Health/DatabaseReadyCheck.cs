using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Infrastructure.Health;

/// <summary>
/// Ready means: the database answers, every migration this build knows is applied, and so is every repeatable
/// script of this build with its current checksum (the triggers that keep the derived tables).
/// </summary>
internal sealed class DatabaseReadyCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied.");
            }

            var scripts = await SchemaMigrator.PendingScriptsAsync(db, cancellationToken);
            return scripts.Count == 0
                ? HealthCheckResult.Healthy("The database is reachable and migrated.")
                : HealthCheckResult.Unhealthy($"{scripts.Count} repeatable script(s) not applied with this build's checksum.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The database is unreachable.");
        }
    }
}
