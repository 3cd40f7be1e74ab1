using System.Diagnostics;
using MovieDiscovery.Api.Tests.Cluster.Support;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Cluster;

/// <summary>A cluster whose standby replays 2 s behind the primary (CLUSTER_STANDBY_DELAY_MS).</summary>
public sealed class DelayedStandbyCluster : ClusterFixture
{
    public const int DelayMs = 2000;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["CLUSTER_STANDBY_DELAY_MS"] = DelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Reads may come from a standby that lags, yet nobody sees the past: a catalogue change is served by
/// every instance within a second and never un-served, and a viewer reads their own writes at once,
/// whichever instances the write and the read land on.
/// </summary>
[Collection(ClusterTests.Collection)]
public sealed class ReplicaFreshnessTests(DelayedStandbyCluster fixture, ITestOutputHelper output) : IClassFixture<DelayedStandbyCluster>
{
    private static readonly TimeSpan s_visibleWithin = TimeSpan.FromSeconds(1);
    private readonly LocalCluster _cluster = fixture.Cluster;

    [Theory]
    [InlineData(0)]
    [InlineData(DelayedStandbyCluster.DelayMs)]
    public async Task A_catalogue_change_on_the_primary_is_served_by_every_instance_within_1_s_and_the_old_page_never_again(int standbyDelayMs)
    {
        await _cluster.SetStandbyDelayAsync(standbyDelayMs);
        await _cluster.WarmUpAsync();
        var movieId = await CatalogueWatch.FirstMovieAsync(_cluster.Instances[0]);
        // Each instance has the page cached before the change.
        foreach (var instance in _cluster.Instances)
        {
            using var client = LocalCluster.Client(instance);
            for (var i = 0; i < 2; i++)
            {
                Assert.DoesNotContain("no answer", await CatalogueWatch.ReadAsync(client), StringComparison.Ordinal);
            }
        }

        var title = $"Renamed {Guid.NewGuid():N}";
        await ClusterSql.RenameMovieAsync(_cluster.PrimaryConnectionString, movieId, title);
        var clock = Stopwatch.StartNew();
        var standbyTitle = await ClusterSql.MovieTitleAsync(_cluster.StandbyConnectionString, movieId);
        var standbyReadAt = clock.Elapsed;
        var seen = await CatalogueWatch.FirstSeenAsync(_cluster.Instances, title, clock, TimeSpan.FromSeconds(10));
        // Past the standby's delay and more: a page filled from the lagging standby would show up here.
        var stale = await CatalogueWatch.AnswersWithoutAsync(_cluster.Instances, title, TimeSpan.FromMilliseconds(standbyDelayMs + 1500));

        output.WriteLine($"standby delay {standbyDelayMs} ms; the standby still had the old title {standbyReadAt.Ms()} after the commit: {standbyTitle != title}");
        output.WriteLine($"first served by each instance after: {string.Join(", ", seen.Select(s => s?.Ms() ?? "never (10 s)"))}");
        output.WriteLine($"answers without the change afterwards: {stale.Count}");
        if (standbyDelayMs > 0)
        {
            Assert.NotEqual(title, standbyTitle);
        }

        Assert.All(seen, first => Assert.True(first <= s_visibleWithin, $"An instance served the change after {first?.Ms() ?? "more than 10 s"}."));
        Assert.Empty(stale);
    }

    [Fact]
    public async Task A_save_through_one_instance_is_in_the_owners_list_at_once_through_another_while_the_standby_lags()
    {
        await _cluster.SetStandbyDelayAsync(DelayedStandbyCluster.DelayMs);
        var user = (await ReliabilityData.CreateUsersAsync(_cluster.PrimaryConnectionString, 1))[0];
        var movies = (await ReliabilityData.MoviesAvailableInAsync(_cluster.PrimaryConnectionString, "US")).Take(6).ToList();
        var token = ReliabilityData.MintToken(user);
        var clients = _cluster.Instances.Append(_cluster.Balancer).Select(address => LocalCluster.Client(address, bearerToken: token)).ToList();
        var list = $"/v1/users/{user}/saved-movies?country=US&page_size=100";

        for (var i = 0; i < movies.Count; i++)
        {
            using var saved = await clients[i % 3].PostAsJsonAsync(new Uri($"/v1/users/{user}/saved-movies", UriKind.Relative), new { movie_id = movies[i], country = "US" });
            await saved.ShouldBe(HttpStatusCode.Created);
            foreach (var reader in clients.Where((_, index) => index != i % 3))
            {
                using var listed = await reader.GetAsync(new Uri(list, UriKind.Relative));
                var page = await listed.ShouldBe(HttpStatusCode.OK);
                Assert.Equal(movies.Take(i + 1).Order(), page.Ids().Order());
                Assert.Equal(i + 1, page.GetProperty("total").GetInt32());
            }
        }

        // The standby has not replayed them yet: the reads above cannot have come from it.
        var onStandby = await ReliabilityData.SavedPairsAsync(_cluster.StandbyConnectionString, [user]);
        using var removed = await clients[0].DeleteAsync(new Uri($"/v1/users/{user}/saved-movies/{movies[0]}", UriKind.Relative));
        await removed.ShouldBe(HttpStatusCode.NoContent);
        using var afterRemoval = await clients[1].GetAsync(new Uri(list, UriKind.Relative));
        using var removedOne = await clients[2].GetAsync(new Uri($"/v1/users/{user}/saved-movies/{movies[0]}", UriKind.Relative));

        output.WriteLine($"saves the standby had replayed when the last list was read: {onStandby.Count} of {movies.Count}");
        Assert.True(onStandby.Count < movies.Count, "The standby had replayed every save: it does not lag, so this test proves nothing.");
        Assert.DoesNotContain(movies[0], (await afterRemoval.ShouldBe(HttpStatusCode.OK)).Ids());
        await removedOne.ShouldFail(HttpStatusCode.NotFound, "NOT_SAVED");
    }
}
