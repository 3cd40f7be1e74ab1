using Microsoft.Data.Sqlite;
using Npgsql;

namespace MovieDiscovery.Api.Data;

/// <summary>Recognises the database's own refusals, whichever the provider.</summary>
public static class DatabaseErrors
{
    /// <summary>A row refers to a row that does not exist (PostgreSQL 23503, SQLite FOREIGN KEY constraint).</summary>
    public static bool IsForeignKeyViolation(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 787,
        _ => exception.InnerException is { } inner && IsForeignKeyViolation(inner),
    };
}
