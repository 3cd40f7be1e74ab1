using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MovieDiscovery.Api.Data.Sql;

/// <summary>
/// The table that records which checksum of each repeatable script was applied last, as EF Core's
/// __EFMigrationsHistory records the versioned migrations. Outside the model: the migrator owns it.
/// </summary>
internal static class ScriptHistory
{
    public const string Table = "__repeatable_scripts";

    // The same statements serve both providers (SQLite takes any type name).
    private const string CreateSql = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            script text NOT NULL PRIMARY KEY,
            checksum text NOT NULL,
            applied_at timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP)
        """;

    private const string RecordSql = $$"""
        INSERT INTO {{Table}} (script, checksum) VALUES ({0}, {1})
        ON CONFLICT (script) DO UPDATE SET checksum = excluded.checksum, applied_at = CURRENT_TIMESTAMP
        """;

    public static Task CreateIfNotExistsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(CreateSql, cancellationToken);

    public static Task RecordAsync(AppDbContext db, RepeatableScript script, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(RecordSql, [script.Name, script.Checksum], cancellationToken);

    /// <summary>The recorded checksum of each script; none when the table does not exist yet. The connection must be open.</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var exists = db.Provider == DatabaseProvider.Postgres
            ? $"SELECT to_regclass('{Table}') IS NOT NULL"
            : $"SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{Table}')";
        await using (var command = CreateCommand(db, exists))
        {
            if (!Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture))
            {
                return [];
            }
        }

        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = CreateCommand(db, $"SELECT script, checksum FROM {Table}"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                recorded[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return recorded;
    }

    private static DbCommand CreateCommand(AppDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
#pragma warning disable CA2100 // Constant statements.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
        return command;
    }
}
