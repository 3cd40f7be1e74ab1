using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>
/// The demo accounts' passwords are published: outside Development they exist only where someone enabled
/// demo data on purpose, and a start that refuses for a bad setting has loaded nothing.
/// </summary>
public abstract class DemoDataSpec(DatabaseProvider provider)
{
    private const string DemoAccounts = TestDatabase.DemoAccounts;

    [Fact]
    public async Task In_Production_demo_data_is_off_unless_enabled()
    {
        var database = await TestDatabase.CreateAsync(provider);

        await using var start = Production(database);
        var refused = start.TryStart();

        Assert.Null(refused);
        Assert.Equal(0, await database.CountAsync(DemoAccounts));
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM movies"));
        Assert.Contains(start.Logs.Entries, e => e.Contains("Demo data off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enabled_explicitly_in_Production_it_is_seeded_and_every_such_start_logs_a_warning()
    {
        var database = await TestDatabase.CreateAsync(provider);
        var enabled = new Dictionary<string, string?>(database.Settings) { ["Database:SeedDemoData"] = "true" };

        await using (var first = Production(enabled))
        {
            Assert.Null(first.TryStart());
            Assert.Contains(first.Logs.Entries, IsDemoDataWarning);
        }

        await using var second = Production(enabled);
        Assert.Null(second.TryStart());

        Assert.Contains(second.Logs.Entries, IsDemoDataWarning);
        Assert.Equal(3, await database.CountAsync(DemoAccounts));
    }

    [Fact]
    public async Task A_Production_start_on_a_database_holding_the_demo_accounts_refuses_and_names_the_setting()
    {
        var database = await TestDatabase.CreateAsync(provider);
        await using (var seeding = Production(new Dictionary<string, string?>(database.Settings) { ["Database:SeedDemoData"] = "true" }))
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
        var database = await TestDatabase.CreateAsync(provider);
        var settings = new Dictionary<string, string?>(database.Settings) { ["Database:SeedDemoData"] = "true", ["Auth:SigningKey"] = null };

        await using var start = new ApplicationStart("Production", settings);
        var refused = start.TryStart();

        Assert.NotNull(refused);
        Assert.Contains("Auth:SigningKey", ApplicationStart.Messages(refused), StringComparison.Ordinal);
        Assert.Null(await database.CountAsync(DemoAccounts));
    }

    [Fact]
    public async Task Development_keeps_demo_data_on_by_default()
    {
        var database = await TestDatabase.CreateAsync(provider);

        await using var start = new ApplicationStart("Development", database.Settings);
        Assert.Null(start.TryStart());

        Assert.Equal(3, await database.CountAsync(DemoAccounts));
        Assert.DoesNotContain(start.Logs.Entries, IsDemoDataWarning);
    }

    private static ApplicationStart Production(TestDatabase database) => Production(database.Settings);

    private static ApplicationStart Production(IReadOnlyDictionary<string, string?> settings) =>
        new("Production", new Dictionary<string, string?>(settings) { ["Auth:SigningKey"] = ApiFactory.SigningKey });

    private static bool IsDemoDataWarning(string entry) =>
        entry.StartsWith("Warning ", StringComparison.Ordinal) && entry.Contains("Database:SeedDemoData=true", StringComparison.Ordinal);
}

public sealed class DemoDataOnSqlite() : DemoDataSpec(DatabaseProvider.Sqlite);

public sealed class DemoDataOnPostgres() : DemoDataSpec(DatabaseProvider.Postgres);
