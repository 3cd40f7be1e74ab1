using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MovieDiscovery.Api.Data.Sql;

namespace MovieDiscovery.Api.Data;

/// <summary>
/// Brings a database to this build's schema: the versioned EF Core migrations (Data/Migrations/&lt;provider&gt;), then,
/// as Flyway applies repeatable migrations, each SQL file of Data/Sql/&lt;provider&gt;/ whose checksum differs from the
/// one recorded, each in its own transaction (docs/decisions/0030-repeatable-sql-scripts.md).
/// </summary>
public static partial class SchemaMigrator
{
    // Any number, the same in every process of this service: pg_advisory_lock's key for "migrating".
    private const long PostgresLockKey = 7_461_962_101_554_002_001;

    // A migration, or a script that derives its tables again, may take longer than a request is allowed to: on a
    // catalogue of a million movies, deriving the listing or the availability again takes minutes.
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Applies what is pending; returns the versioned migrations it applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var commandTimeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(s_commandTimeout);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (db.Provider == DatabaseProvider.Postgres)
            {
                // Held by this connection's session across both steps, so two processes starting together migrate one
                // after the other and the second finds nothing left to do. (SQLite needs none: each script's check and
                // run share one write transaction, and SQLite has one writer at a time.)
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({PostgresLockKey})", cancellationToken);
            }

            try
            {
                // Npgsql's migrator reads the history table before it creates it, and logs that read on a fresh
                // database as an Error (npgsql/efcore.pg#3407): created first, a clean start logs no error.
                await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                await db.Database.MigrateAsync(cancellationToken);
                await ApplyScriptsAsync(db, cancellationToken);
                return pending;
            }
            finally
            {
                // Explicitly: a pooled connection keeps its session (and so the lock) when it is closed. A broken
                // connection took its session, and the lock, with it.
                if (db.Provider == DatabaseProvider.Postgres && db.Database.GetDbConnection().State == ConnectionState.Open)
                {
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            db.Database.SetCommandTimeout(commandTimeout);
        }
    }

    /// <summary>The repeatable scripts of this build that are not applied with their current checksum.</summary>
    public static async Task<IReadOnlyList<string>> PendingScriptsAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var recorded = await ScriptHistory.ReadAsync(db, cancellationToken);
            return [.. RepeatableScript.For(db.Provider).Where(s => recorded.GetValueOrDefault(s.Name) != s.Checksum).Select(s => s.Name)];
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task ApplyScriptsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var logger = db.GetService<ILoggerFactory>().CreateLogger(typeof(SchemaMigrator));
        await ScriptHistory.CreateIfNotExistsAsync(db, cancellationToken);
        foreach (var script in RepeatableScript.For(db.Provider))
        {
            // On SQLite this transaction takes the write lock at once (BEGIN IMMEDIATE), before the check.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var recorded = (await ScriptHistory.ReadAsync(db, cancellationToken)).GetValueOrDefault(script.Name);
            if (recorded == script.Checksum)
            {
                continue;
            }

            await db.Database.ExecuteSqlRawAsync(script.Sql, cancellationToken);
            await ScriptHistory.RecordAsync(db, script, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, script.Name, script.Checksum);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied the repeatable script {Script} with checksum {Checksum}")]
    private static partial void LogApplied(ILogger logger, string script, string checksum);
}
