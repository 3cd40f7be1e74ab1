using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Feed;

namespace MovieDiscovery.Api.Tests.Features.Feed;

/// <summary>
/// The feed's import and export, run as `make import`/`make export` run them (the API's binary with its settings, here
/// in-process on the spec's database), checked through the API: round trip, idempotence, bad lines, strict and dry runs.
/// </summary>
public abstract class FeedSpec<TFactory>(TFactory factory) : ApiSpec<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string GoodLine = """{"external_id":"feed-good","title":"The Night Ferry","year":2019,"runtime_minutes":104,"overview":null,"genres":["Thriller","Newgenre"],"cast":["Ana Lopes"],"availability":[{"country":"de","available_from":null,"available_until":"2099-01-01T00:00:00Z"},{"country":"IS","available_from":"2000-01-01T00:00:00+01:00","available_until":null}]}""";

    private static readonly string[] s_badLines =
    [
        """{"external_id":"feed-broken","title":""",
        """{"external_id":"feed-untitled","year":2019,"genres":[],"cast":[],"availability":[]}""",
        """{"external_id":"feed-old","title":"Too Old","year":1700,"genres":[],"cast":[],"availability":[]}""",
        """{"external_id":"feed-nowhere","title":"Nowhere","year":2019,"genres":[],"cast":[],"availability":[{"country":"XX"}]}""",
        """{"external_id":"feed-overlap","title":"Overlap","year":2019,"genres":[],"cast":[],"availability":[{"country":"DE","available_until":"2030-01-01T00:00:00Z"},{"country":"DE","available_from":"2029-01-01T00:00:00Z"}]}""",
        """{"external_id":"feed-good","title":"Twice","year":2019,"genres":[],"cast":[],"availability":[]}""",
    ];

    [Fact]
    public async Task Export_then_import_into_an_empty_database_then_export_gives_the_same_file_and_a_second_import_changes_nothing()
    {
        var first = TempFile();
        var (exported, _) = await RunAsync(Factory, FeedCommand.Export, first);
        await using var empty = EmptyFactory();
        await empty.InitializeAsync();

        var (imported, importOutput) = await RunAsync(empty, FeedCommand.Import, first);
        var second = TempFile();
        await RunAsync(empty, FeedCommand.Export, second);
        var (again, againOutput) = await RunAsync(empty, FeedCommand.Import, first);

        Assert.Equal(0, exported);
        Assert.Equal(0, imported);
        var movies = (await File.ReadAllLinesAsync(first)).Length;
        Assert.Contains($"inserted {movies}, updated 0, unchanged 0, rejected 0", importOutput);
        Assert.Equal(await File.ReadAllTextAsync(first), await File.ReadAllTextAsync(second));
        Assert.Equal(0, again);
        Assert.Contains($"inserted 0, updated 0, unchanged {movies}, rejected 0", againOutput);
        var source = await Client.GetFromJsonAsync<JsonElement>("/v1/movies?country=US&page_size=5");
        var copy = await empty.CreateClient().GetFromJsonAsync<JsonElement>("/v1/movies?country=US&page_size=5");
        Assert.Equal(source.GetProperty("total").GetInt32(), copy.GetProperty("total").GetInt32());
        Assert.Equal(source.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("title").GetString()),
            copy.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Bad_lines_are_reported_with_their_number_and_reason_the_good_ones_applied_and_the_exit_code_is_not_zero()
    {
        var file = await FeedFileAsync([GoodLine, .. s_badLines]);

        var (exit, output) = await RunAsync(Factory, FeedCommand.Import, file);

        Assert.Equal(1, exit);
        Assert.Contains("rejected 6", output);
        for (var line = 2; line <= 7; line++)
        {
            Assert.Contains($"line {line}: ", output);
        }

        Assert.Contains("line 4: year", output);
        Assert.Contains("line 6: availability[1] (DE): overlaps window 0", output);
        Assert.Contains("line 7: external_id feed-good is already on line 1", output);
        var movieId = await MovieIdAsync("feed-good");
        Assert.NotNull(movieId);
        var detail = await GetJsonAsync($"/v1/movies/{movieId}");
        Assert.Equal("feed-good", detail.GetProperty("external_id").GetString());
        Assert.Equal(["DE", "IS"], detail.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["Newgenre", "Thriller"], detail.GetProperty("genres").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        var iceland = await GetJsonAsync("/v1/movies?country=IS");
        Assert.Contains(movieId.Value, iceland.Ids());
    }

    [Fact]
    public async Task Strict_applies_nothing_when_a_line_is_bad()
    {
        var file = await FeedFileAsync([GoodLine.Replace("feed-good", "feed-strict", StringComparison.Ordinal), s_badLines[2]]);

        var (exit, output) = await RunAsync(Factory, FeedCommand.Import, file, strict: true);

        Assert.Equal(1, exit);
        Assert.Contains("line 2: ", output);
        Assert.Contains("nothing applied", output);
        Assert.Null(await MovieIdAsync("feed-strict"));
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_do_and_applies_nothing()
    {
        var file = await FeedFileAsync([GoodLine.Replace("feed-good", "feed-dry", StringComparison.Ordinal)]);

        var (exit, output) = await RunAsync(Factory, FeedCommand.Import, file, dryRun: true);

        Assert.Equal(0, exit);
        Assert.Contains("dry run, nothing applied: inserted 1, updated 0, unchanged 0, rejected 0", output);
        Assert.Null(await MovieIdAsync("feed-dry"));
    }

    [Fact]
    public async Task A_changed_line_updates_the_movie_and_replaces_its_windows_at_once()
    {
        var first = await FeedFileAsync([GoodLine.Replace("feed-good", "feed-change", StringComparison.Ordinal)]);
        await RunAsync(Factory, FeedCommand.Import, first);
        var movieId = (await MovieIdAsync("feed-change"))!.Value;
        var before = await GetJsonAsync("/v1/movies?country=DE&page_size=1");
        var changed = await FeedFileAsync([
            """{"external_id":"feed-change","title":"The Night Ferry (Director's Cut)","year":2019,"runtime_minutes":120,"overview":null,"genres":["Thriller"],"cast":["Ana Lopes"],"availability":[{"country":"GB"}]}""",
        ]);

        var (exit, output) = await RunAsync(Factory, FeedCommand.Import, changed);

        Assert.Equal(0, exit);
        Assert.Contains("inserted 0, updated 1, unchanged 0, rejected 0", output);
        var detail = await GetJsonAsync($"/v1/movies/{movieId}");
        Assert.Equal("The Night Ferry (Director's Cut)", detail.GetProperty("title").GetString());
        Assert.Equal(["GB"], detail.GetProperty("countries").EnumerateArray().Select(c => c.GetString()));
        var after = await GetJsonAsync("/v1/movies?country=DE&page_size=1");
        Assert.Equal(before.GetProperty("total").GetInt32() - 1, after.GetProperty("total").GetInt32());
    }

    protected abstract ApiFactory EmptyFactory();

    private static string TempFile() => Path.Combine(Directory.CreateTempSubdirectory("feed-").FullName, "catalogue.jsonl");

    private static async Task<string> FeedFileAsync(IEnumerable<string> lines)
    {
        var file = TempFile();
        await File.WriteAllLinesAsync(file, lines);
        return file;
    }

    private static async Task<(int Exit, string Output)> RunAsync(ApiFactory target, string verb, string file, bool dryRun = false, bool strict = false)
    {
        using var output = new StringWriter();
        var cache = target.Services.GetRequiredService<MovieDiscovery.Api.Infrastructure.Caching.CatalogueResponseCache>();
        var generation = cache.Generation;
        var exit = await new FeedCommand(verb, file, dryRun, strict).RunAsync(target.Services, output);
        var text = output.ToString();
        if (verb == FeedCommand.Import && !dryRun && text.Contains("inserted ", StringComparison.Ordinal)
            && !text.Contains("inserted 0, updated 0", StringComparison.Ordinal))
        {
            // As ChangeCatalogueAsync does: the import's commit reaches the response cache by notification.
            await Eventually.TrueAsync(() => !cache.IsLive || cache.Generation != generation, TimeSpan.FromSeconds(5),
                "The import's change notification never reached the response cache.");
        }

        return (exit, output.ToString());
    }

    private async Task<int?> MovieIdAsync(string externalId)
    {
        await using var scope = Factory.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Movies.Where(m => m.ExternalId == externalId).Select(m => (int?)m.Id).SingleOrDefaultAsync();
    }
}

public sealed class FeedOnSqlite(SqliteApiFactory factory) : FeedSpec<SqliteApiFactory>(factory)
{
    protected override ApiFactory EmptyFactory() => new EmptyCatalogueFactory(Api.Data.DatabaseProvider.Sqlite);
}

public sealed class FeedOnPostgres(PostgresApiFactory factory) : FeedSpec<PostgresApiFactory>(factory)
{
    protected override ApiFactory EmptyFactory() => new EmptyCatalogueFactory(Api.Data.DatabaseProvider.Postgres);
}
