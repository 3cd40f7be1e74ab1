using System.Diagnostics;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Reliability;

/// <summary>
/// Instances started at the same moment on an empty database, each migrating and seeding on start: all
/// of them come up, and the demo data is there once.
/// </summary>
public abstract class ConcurrentStartTests(DatabaseProvider provider, ITestOutputHelper output)
{
    private const int Instances = 3;

    [Fact]
    public async Task Three_instances_started_together_on_an_empty_database_all_become_ready_and_seed_it_once()
    {
        var database = await TestDatabase.CreateAsync(provider);
        var settings = database.Provider == DatabaseProvider.Postgres
            ? ApiProcess.PostgresSettings(database.ConnectionString)
            : ApiProcess.SqliteSettings(database.ConnectionString);

        var clock = Stopwatch.StartNew();
        var apis = Enumerable.Range(0, Instances).Select(_ => ApiProcess.Launch(settings)).ToList();
        try
        {
            var ready = await Task.WhenAll(apis.Select(async api =>
            {
                try
                {
                    await api.WaitReadyAsync(TimeSpan.FromSeconds(120));
                    return (Ready: true, At: clock.Elapsed, Failure: "");
                }
                catch (InvalidOperationException exception)
                {
                    return (Ready: false, At: clock.Elapsed, Failure: exception.Message);
                }
            }));
            var seededBy = apis.Count(api => api.LogTail(400).Contains("Seeded the demo catalogue", StringComparison.Ordinal));
            output.WriteLine(string.Join("\n", ready.Select((r, i) => $"instance {i}: {(r.Ready ? "ready" : "FAILED")} at {r.At.TotalMilliseconds:F0} ms {r.Failure}")));

            Assert.All(ready, r => Assert.True(r.Ready, r.Failure));
            Assert.Equal(1, seededBy);
            Assert.Equal(3, await database.CountAsync(TestDatabase.DemoAccounts));
            Assert.Equal(await database.CountAsync("SELECT count(DISTINCT title) FROM movies"), await database.CountAsync("SELECT count(*) FROM movies"));
            Assert.Equal(await database.CountAsync("SELECT count(DISTINCT name) FROM actors"), await database.CountAsync("SELECT count(*) FROM actors"));
        }
        finally
        {
            foreach (var api in apis)
            {
                await api.DisposeAsync();
            }
        }
    }
}

[Collection(ReliabilityTests.Collection)]
public sealed class ConcurrentStartOnSqlite(ITestOutputHelper output) : ConcurrentStartTests(DatabaseProvider.Sqlite, output);

[Collection(ReliabilityTests.Collection)]
public sealed class ConcurrentStartOnPostgres(ITestOutputHelper output) : ConcurrentStartTests(DatabaseProvider.Postgres, output);
