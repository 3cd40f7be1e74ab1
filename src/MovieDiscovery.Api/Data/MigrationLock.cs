using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MovieDiscovery.Api.Data;

/// <summary>
/// Lets one instance at a time bring a PostgreSQL database up to date: a session-level advisory lock on the
/// context's connection, held until disposed. EF Core's own migration lock there is a table lock that ends
/// with each migration's transaction, and instances started together still applied one migration twice
/// (42P07 "relation already exists"). SQLite needs none: EF Core's lock table holds there.
/// </summary>
internal sealed class MigrationLock(AppDbContext db) : IAsyncDisposable
{
    /// <summary>Any key, the same in every instance.</summary>
    private const long Key = 0x6d6f766965_3316;

    public static async Task<MigrationLock?> AcquireAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({Key})", cancellationToken);
        return new MigrationLock(db);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Pooled connections keep their session: the lock must not outlive this use of it.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({Key})");
        }
        catch (NpgsqlException)
        {
            // The connection broke, and the session's locks went with it.
        }

        await db.Database.CloseConnectionAsync();
    }
}
