using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MovieDiscovery.Api.Data;

/// <summary>
/// The context for a public catalogue read (genres, countries, the movie list and detail): a standby's when
/// the connection string lists standbys and the one reached has replayed every catalogue change this
/// instance knows of (<see cref="StandbyFreshness"/>), else the primary's <see cref="AppDbContext"/>. Reads
/// of a viewer's own data, every write, <c>/v1/me</c> and sign-in take <see cref="AppDbContext"/> directly,
/// so they always see the latest writes. With SQLite or a single PostgreSQL host this is just that context.
/// </summary>
public sealed class CatalogueReads(IServiceProvider services, IOptions<DatabaseOptions> options)
{
    /// <summary>Far above opening a pooled or new connection to an answering server, well under the connect timeout.</summary>
    private static readonly TimeSpan s_slowOpen = TimeSpan.FromMilliseconds(500);

    public async ValueTask<AppDbContext> ContextAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Provider != DatabaseProvider.Postgres || services.GetRequiredService<PostgresDataSources>().Standby is null)
        {
            return services.GetRequiredService<AppDbContext>();
        }

        var freshness = services.GetRequiredService<StandbyFreshness>();
        if (!freshness.StandbysMayAnswer)
        {
            return services.GetRequiredService<AppDbContext>();
        }

        // Opened here and kept for the request, so that every query of it runs on the server checked below.
        var standby = services.GetRequiredService<PostgresStandbyDbContext>();
        var opening = Stopwatch.GetTimestamp();
        await standby.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)standby.Database.GetDbConnection();
        if (StandbyFreshness.IsPrimary(connection) && Stopwatch.GetElapsedTime(opening) >= s_slowOpen)
        {
            // Npgsql waited out a standby that did not answer, then fell back to the primary.
            freshness.StandbysUnreachable();
        }

        if (await freshness.MayAnswerAsync(connection, cancellationToken))
        {
            return standby;
        }

        await standby.Database.CloseConnectionAsync();
        return services.GetRequiredService<AppDbContext>();
    }
}
