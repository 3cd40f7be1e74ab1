using Microsoft.Data.Sqlite;
using Npgsql;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// The demo accounts' passwords are published: outside Development they exist only where someone enabled
/// demo data on purpose, and a start that refuses for a bad setting has loaded nothing.
/// </summary>
public abstract class DemoDataSpec
{
    private const string DemoAccounts = "SELECT count(*) FROM users WHERE email IN ('alice@example.com', 'bob@example.com', 'admin@example.com')";

    /// <summary>A fresh, empty database: the provider and connection string settings.</summary>
    protected abstract Task<Dictionary<string, string?>> CreateDatabaseAsync();

    /// <summary>The count the query returns, or null when the users table does not exist (nothing was migrated).</summary>
    protected abstract Task<long?> CountAsync(IReadOnlyDictionary<string, string?> database, string sql);

    [Fact]
    public async Task In_Production_demo_data_is_off_unless_enabled()
    {
        var database = await CreateDatabaseAsync();

        await using var start = Production(database);
        var refused = start.TryStart();

        Assert.Null(refused);
        Assert.Equal(0, await CountAsync(database, DemoAccounts));
        Assert.Equal(0, await CountAsync(database, "SELECT count(*) FROM movies"));
        Assert.Contains(start.Logs.Entries, e => e.Contains("Demo data off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enabled_explicitly_in_Production_it_is_seeded_and_every_such_start_logs_a_warning()
    {
        var database = await CreateDatabaseAsync();
        var enabled = new Dictionary<string, string?>(database) { ["Database:SeedDemoData"] = "true" };

        await using (var first = Production(enabled))
        {
            Assert.Null(first.TryStart());
            Assert.Contains(first.Logs.Entries, IsDemoDataWarning);
        }

        await using var second = Production(enabled);
        Assert.Null(second.TryStart());

        Assert.Contains(second.Logs.Entries, IsDemoDataWarning);
        Assert.Equal(3, await CountAsync(database, DemoAccounts));
    }

    [Fact]
    public async Task A_Production_start_on_a_database_holding_the_demo_accounts_refuses_and_names_the_setting()
    {
        var database = await CreateDatabaseAsync();
        await using (var seeding = Production(new Dictionary<string, string?>(database) { ["Database:SeedDemoData"] = "true" }))
        {
            Assert.Null(seeding.TryStart());
        }

        await using var start = Production(database);
        var refused = start.TryStart();

        Assert.NotNull(refused);
        var message = ApplicationStart.Messages(refused);
        Assert.Contains("demo accounts", message, StringComparison.Ordinal);
        Assert.Contains("Database:SeedDemoData", message, StringComparison.Ordinal);
        Assert.Contains("Database__SeedDemoData", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_refused_for_a_missing_signing_key_has_not_touched_the_database()
    {
        var database = await CreateDatabaseAsync();
        var settings = new Dictionary<string, string?>(database) { ["Database:SeedDemoData"] = "true", ["Auth:SigningKey"] = null };

        await using var start = new ApplicationStart("Production", settings);
        var refused = start.TryStart();

        Assert.NotNull(refused);
        Assert.Contains("Auth:SigningKey", ApplicationStart.Messages(refused), StringComparison.Ordinal);
        Assert.Null(await CountAsync(database, DemoAccounts));
    }

    [Fact]
    public async Task Development_keeps_demo_data_on_by_default()
    {
        var database = await CreateDatabaseAsync();

        await using var start = new ApplicationStart("Development", database);
        Assert.Null(start.TryStart());

        Assert.Equal(3, await CountAsync(database, DemoAccounts));
        Assert.DoesNotContain(start.Logs.Entries, IsDemoDataWarning);
    }

    private static ApplicationStart Production(IReadOnlyDictionary<string, string?> database) =>
        new("Production", new Dictionary<string, string?>(database) { ["Auth:SigningKey"] = ApiFactory.SigningKey });

    private static bool IsDemoDataWarning(string entry) =>
        entry.StartsWith("Warning ", StringComparison.Ordinal) && entry.Contains("Database:SeedDemoData=true", StringComparison.Ordinal);
}

public sealed class DemoDataOnSqlite : DemoDataSpec
{
    protected override Task<Dictionary<string, string?>> CreateDatabaseAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:ConnectionString"] = $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("movies-demo-").FullName, "movies.db")}",
    });

    protected override async Task<long?> CountAsync(IReadOnlyDictionary<string, string?> database, string sql)
    {
        await using var connection = new SqliteConnection(database["Database:ConnectionString"] + ";Mode=ReadWriteCreate;Pooling=False");
        await connection.OpenAsync();
        await using var exists = new SqliteCommand("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'users'", connection);
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
        {
            return null;
        }

#pragma warning disable CA2100 // Fixed statements of the spec.
        await using var command = new SqliteCommand(sql, connection);
#pragma warning restore CA2100
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class DemoDataOnPostgres : DemoDataSpec
{
    protected override async Task<Dictionary<string, string?>> CreateDatabaseAsync() => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync(),
    };

    protected override async Task<long?> CountAsync(IReadOnlyDictionary<string, string?> database, string sql)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database["Database:ConnectionString"]) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('users') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!)
        {
            return null;
        }

#pragma warning disable CA2100 // Fixed statements of the spec.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
