using System.Collections.Concurrent;
using System.Diagnostics;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>The API process is SIGKILLed while clients save movies: every acknowledged save is there, once.</summary>
[Collection(ReliabilityTests.Collection)]
public sealed class CrashUnderWriteLoadTests(ITestOutputHelper output)
{
    private const int Clients = 8;

    [Fact]
    public async Task After_a_SIGKILL_mid_load_every_save_answered_201_is_stored_exactly_once()
    {
        var setup = Stopwatch.StartNew();
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var settings = ApiProcess.PostgresSettings(database);
        await using var api = await ApiProcess.StartAsync(settings);
        var (port, logPath) = (api.Port, api.LogPath);
        var users = await ReliabilityData.CreateUsersAsync(database, Clients);
        var movies = await ReliabilityData.MoviesAvailableInAsync(database, "US");
        var setupTime = setup.Elapsed;
        var clock = Stopwatch.StartNew();

        var sent = new ConcurrentDictionary<(int User, int Movie), Probe?>();
        var writers = users.Select(user => Task.Run(async () =>
        {
            using var client = api.CreateClient(TimeSpan.FromSeconds(10), ReliabilityData.MintToken(user));
            foreach (var movie in movies)
            {
                sent[(user, movie)] = null;
                var probe = await Probe.SendAsync(client, HttpMethod.Post, $"/v1/users/{user}/saved-movies", clock, new { movie_id = movie, country = "US" });
                sent[(user, movie)] = probe;
                if (!probe.Answered)
                {
                    return; // The API is gone.
                }
            }
        })).ToList();

        // Kill once a good share of the saves has been acknowledged, with most still to come.
        var killAfter = Math.Min(200, users.Count * movies.Count / 4);
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(30);
        while (sent.Values.Count(p => p?.Status == 201) < killAfter && clock.Elapsed < deadline)
        {
            await Task.Delay(10);
        }

        var killAt = clock.Elapsed;
        api.Kill();
        var exited = await api.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        await api.DisposeAsync();
        await WaitForNoSessionsAsync(database);

        var rows = await ReliabilityData.SavedPairsAsync(database, users);
        var probes = sent.ToDictionary(kv => kv.Key, kv => kv.Value!);
        var acknowledged = probes.Where(kv => kv.Value.Status == 201).Select(kv => kv.Key).ToList();
        var otherAnswers = probes.Where(kv => kv.Value.Answered && kv.Value.Status != 201).ToList();
        var unanswered = probes.Where(kv => !kv.Value.Answered).Select(kv => kv.Key).ToList();
        var unansweredStored = unanswered.Count(rows.ContainsKey);

        // The same database, the same port: the API comes back by itself and serves what was stored.
        await using var restarted = await ApiProcess.StartAsync(settings, port, logPath);
        var restartedIn = clock.Elapsed - killAt;
        var retried = new List<(int User, int Movie, bool Stored, Probe Probe)>();
        foreach (var pair in unanswered)
        {
            using var client = restarted.CreateClient(TimeSpan.FromSeconds(10), ReliabilityData.MintToken(pair.User));
            retried.Add((pair.User, pair.Movie, rows.ContainsKey(pair),
                await Probe.SendAsync(client, HttpMethod.Post, $"/v1/users/{pair.User}/saved-movies", clock, new { movie_id = pair.Movie, country = "US" })));
        }

        var rowsAfter = await ReliabilityData.SavedPairsAsync(database, users);
        var listed = new Dictionary<int, int>();
        foreach (var user in users)
        {
            using var client = restarted.CreateClient(TimeSpan.FromSeconds(10), ReliabilityData.MintToken(user));
            using var response = await client.GetAsync(new Uri($"/v1/users/{user}/saved-movies?country=US&page_size=1", UriKind.Relative));
            listed[user] = (await response.ShouldBe(HttpStatusCode.OK)).GetProperty("total").GetInt32();
        }

        output.WriteLine($"setup {setupTime.Ms()} (API ready {api.StartupTime.Ms()} after its start)");
        output.WriteLine($"{Clients} clients, {users.Count * movies.Count} possible (user, movie) pairs; SIGKILL at {killAt.Ms()} after {killAfter}+ acknowledged saves");
        output.WriteLine($"requests sent: {probes.Count} ({probes.Values.Statuses()}); the API exited: {exited}");
        output.WriteLine($"acknowledged (201): {acknowledged.Count}, all stored once: {acknowledged.All(p => rows.GetValueOrDefault(p) == 1)}");
        output.WriteLine($"unanswered: {unanswered.Count}, of which stored: {unansweredStored} (in flight at the kill: may or may not have committed)");
        output.WriteLine($"rows for these users: {rows.Count}, duplicates: {rows.Count(kv => kv.Value != 1)}, rows for pairs never sent: {rows.Keys.Count(p => !probes.ContainsKey(p))}");
        output.WriteLine($"restarted on port {port} in {restartedIn.Ms()} after the kill; unanswered pairs sent again: {retried.Select(r => r.Probe).Statuses()}");
        output.WriteLine($"after the retries: {rowsAfter.Count} rows; API totals per user {string.Join(", ", users.Select(u => $"{u}:{listed[u]}"))}");

        Assert.True(exited, "The API did not die on SIGKILL.");
        Assert.True(acknowledged.Count >= killAfter, $"Only {acknowledged.Count} saves were acknowledged before the kill.");
        Assert.True(acknowledged.Count < users.Count * movies.Count, "The load finished before the kill: nothing was in flight.");
        Assert.Empty(otherAnswers);
        Assert.All(acknowledged, pair => Assert.Equal(1, rows.GetValueOrDefault(pair)));
        Assert.All(rows, row => Assert.Equal(1, row.Value));
        Assert.All(rows.Keys, pair => Assert.True(probes.ContainsKey(pair), $"A row for {pair}, which was never sent."));
        // A retry tells what the crash left: 409 when the unanswered save had committed, 201 when it had not.
        Assert.All(retried, r => Assert.Equal(r.Stored ? 409 : 201, r.Probe.Status));
        Assert.All(rowsAfter, row => Assert.Equal(1, row.Value));
        Assert.Equal(acknowledged.Count + unanswered.Count, rowsAfter.Count);
        Assert.All(users, user => Assert.Equal(rowsAfter.Keys.Count(p => p.User == user), listed[user]));
    }

    /// <summary>Waits until the killed API's sessions are gone, so no statement of theirs can still commit.</summary>
    private static async Task WaitForNoSessionsAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()", connection);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((long)(await command.ExecuteScalarAsync())! > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The killed API's database sessions are still open after 10 s.");
            await Task.Delay(100);
        }
    }
}
