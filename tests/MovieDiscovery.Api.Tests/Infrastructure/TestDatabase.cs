using Microsoft.Data.Sqlite;
using MovieDiscovery.Api.Data;
using Npgsql;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>A fresh, empty database of one provider, inspected with plain SQL from outside the application.</summary>
public sealed record TestDatabase(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>How many demo accounts the users table holds.</summary>
    public const string DemoAccounts = "SELECT count(*) FROM users WHERE email IN ('alice@example.com', 'bob@example.com', 'admin@example.com')";

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider) => provider == DatabaseProvider.Postgres
        ? new(provider, await (await PostgresServer.SharedAsync()).CreateDatabaseAsync())
        : new(provider, $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("movies-sqlite-").FullName, "movies.db")}");

    /// <summary>The settings that point the application at it (configuration keys).</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["Database:ConnectionString"] = ConnectionString,
    };

    /// <summary>The single number <paramref name="sql"/> returns, or null when there is no users table yet (nothing migrated).</summary>
    public async Task<long?> CountAsync(string sql)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT to_regclass('users') IS NOT NULL", connection);
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                return null;
            }

#pragma warning disable CA2100 // Fixed statements of the tests.
            await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
            return (long)(await command.ExecuteScalarAsync())!;
        }

        await using var file = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await file.OpenAsync();
        await using var table = new SqliteCommand("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'", file);
        if ((long)(await table.ExecuteScalarAsync())! == 0)
        {
            return null;
        }

#pragma warning disable CA2100 // Fixed statements of the tests.
        await using var query = new SqliteCommand(sql, file);
#pragma warning restore CA2100
        return (long)(await query.ExecuteScalarAsync())!;
    }
}
