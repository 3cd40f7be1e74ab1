using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Sql;

namespace MovieDiscovery.Api.Tests.Features.Health;

/// <summary>
/// The SQL files of Data/Sql/&lt;provider&gt; are applied the way Flyway applies repeatable migrations: a file runs again
/// when the checksum recorded for it differs from its own, which derives its tables again, and not otherwise; the
/// service is not ready while one is not applied with its checksum; processes migrating together apply each file
/// once; and the triggers the files create are exactly the ones the model declares.
/// </summary>
public abstract class RepeatableScriptsSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : LogCapturingApiFactory
{
    private const string ListingScript = "catalogue_listing.sql";
    private const string StrayCountry = "ZZ";

    [Fact]
    public async Task A_script_whose_checksum_changed_runs_again_and_derives_its_tables_again()
    {
        var stray = await AddStrayListingRowAsync();
        await ExecuteAsync($"UPDATE {ScriptHistory.Table} SET checksum = 'an earlier definition' WHERE script = '{ListingScript}'");
        var notReady = await GetJsonAsync("/health/ready", HttpStatusCode.ServiceUnavailable);

        await MigrateAsync();

        Assert.Contains("repeatable script", notReady.GetProperty("error").GetProperty("details").GetProperty("checks").GetProperty("database").GetString(), StringComparison.Ordinal);
        Assert.False(await IsListedAsync(stray));
        Assert.Empty(await PendingScriptsAsync());
        Assert.Equal("Healthy", (await GetJsonAsync("/health/ready")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Scripts_whose_checksum_is_unchanged_do_not_run_again()
    {
        var stray = await AddStrayListingRowAsync();
        try
        {
            await MigrateAsync();

            Assert.True(await IsListedAsync(stray));
        }
        finally
        {
            await ExecuteAsync($"DELETE FROM movie_listing WHERE country_code = '{StrayCountry}'");
        }
    }

    [Fact]
    public async Task Processes_migrating_at_once_apply_each_changed_script_once_and_all_succeed()
    {
        await ExecuteAsync($"UPDATE {ScriptHistory.Table} SET checksum = 'an earlier definition'");
        var before = AppliedCount();
        Task migrations;
        await using (var scope = Factory.CreateScope())
        {
            // Holds the history so that all four reach it before any has applied a script.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await using var hold = await db.Database.BeginTransactionAsync();
            if (Factory.Provider == DatabaseProvider.Postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"LOCK TABLE {ScriptHistory.Table} IN ACCESS EXCLUSIVE MODE");
            }

            migrations = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(MigrateAsync)));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        await migrations;

        Assert.Equal(RepeatableScript.For(Factory.Provider).Count, AppliedCount() - before);
        Assert.Empty(await PendingScriptsAsync());
    }

    [Fact]
    public async Task The_model_declares_exactly_the_triggers_the_scripts_create()
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var declared = db.GetService<IDesignTimeModel>().Model.GetEntityTypes()
            .SelectMany(entity => entity.GetDeclaredTriggers().Select(trigger => $"{entity.GetTableName()}.{trigger.GetDatabaseName()}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var created = await db.Database.SqlQueryRaw<string>(Factory.Provider == DatabaseProvider.Postgres
                ? """SELECT c.relname || '.' || t.tgname AS "Value" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"""
                : """SELECT tbl_name || '.' || name AS "Value" FROM sqlite_master WHERE type = 'trigger'""")
            .ToListAsync();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, created.Order(StringComparer.Ordinal));
    }

    /// <summary>A movie_listing row that nothing in the catalogue backs: only deriving the listing again removes it.</summary>
    private async Task<int> AddStrayListingRowAsync()
    {
        var movie = (await Factory.AvailableInAsync("US"))[0];
        await ExecuteAsync($"INSERT INTO movie_listing (country_code, genre_id, year, movie_id) VALUES ('{StrayCountry}', 0, 1900, {movie})");
        return movie;
    }

    private async Task<bool> IsListedAsync(int movie)
    {
        await using var scope = Factory.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().MovieListing.AnyAsync(l => l.CountryCode == StrayCountry && l.MovieId == movie);
    }

    private async Task MigrateAsync()
    {
        await using var scope = Factory.CreateScope();
        await SchemaMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private async Task<IReadOnlyList<string>> PendingScriptsAsync()
    {
        await using var scope = Factory.CreateScope();
        return await SchemaMigrator.PendingScriptsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private int AppliedCount() => Factory.Logs.Entries.Count(entry => entry.Contains("Applied the repeatable script", StringComparison.Ordinal));

    private async Task ExecuteAsync(string sql)
    {
        await using var scope = Factory.CreateScope();
#pragma warning disable CA2100 // Statements built from constants and ids the test chose.
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync(sql);
#pragma warning restore CA2100
    }
}

public sealed class RepeatableScriptsOnSqlite(LogCapturingSqliteFactory factory) : RepeatableScriptsSpec<LogCapturingSqliteFactory>(factory);

public sealed class RepeatableScriptsOnPostgres(LogCapturingPostgresFactory factory) : RepeatableScriptsSpec<LogCapturingPostgresFactory>(factory);
