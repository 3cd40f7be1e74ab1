using MovieDiscovery.Api.Tests.Cluster.Support;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Cluster;

/// <summary>Several instances start at once on an empty database, each told to migrate and seed it.</summary>
[Collection(ClusterTests.Collection)]
public sealed class ConcurrentStartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_instances_started_together_on_an_empty_database_all_become_ready_with_one_copy_of_the_demo_data()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var settings = ApiProcess.PostgresSettings(database, new Dictionary<string, string>
        {
            ["Database__MigrateOnStartup"] = "true",
            ["Database__SeedDemoData"] = "true",
        });

        var starts = Enumerable.Range(0, 3).Select(_ => ApiProcess.StartAsync(settings)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch (InvalidOperationException)
        {
            // Reported below, instance by instance.
        }

        var outcomes = starts.Select(start => start.IsCompletedSuccessfully ? $"ready in {start.Result.StartupTime.Ms()}" : start.Exception!.InnerException!.Message).ToList();
        foreach (var api in starts.Where(start => start.IsCompletedSuccessfully).Select(start => start.Result))
        {
            await api.DisposeAsync();
        }

        outcomes.ForEach(output.WriteLine);
        Assert.All(starts, start => Assert.True(start.IsCompletedSuccessfully, "An instance did not become ready: " + start.Exception?.InnerException?.Message));
        Assert.Equal(158L, await CountAsync(database, "SELECT count(*) FROM movies"));
        Assert.Equal(3L, await CountAsync(database, "SELECT count(*) FROM users"));
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
