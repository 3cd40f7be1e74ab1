using MovieDiscovery.Api.Infrastructure.Caching;
using Npgsql;

namespace MovieDiscovery.Api.Tests.Cluster.Support;

/// <summary>What the cluster tests do straight in a database of the cluster: catalogue changes, and looking at sessions.</summary>
public static class ClusterSql
{
    /// <summary>The page the catalogue tests watch: the first movies available in the US, with their titles.</summary>
    public const string WatchedPage = "/v1/movies?country=US&page_size=5";

    /// <summary>Renames a movie: a catalogue change, which every catalogue table's trigger announces at commit.</summary>
    public static async Task RenameMovieAsync(string connectionString, int movieId, string title)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE movies SET title = @title WHERE id = @id", connection);
        command.Parameters.AddWithValue("title", title);
        command.Parameters.AddWithValue("id", movieId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public static async Task<string?> MovieTitleAsync(string connectionString, int movieId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT title FROM movies WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", movieId);
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>The backend pids of the instances' catalogue change listeners on a server.</summary>
    public static async Task<List<int>> ListenerBackendsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @name ORDER BY pid", connection);
        command.Parameters.AddWithValue("name", CatalogueChangeListener.ApplicationName);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    /// <summary>Client sessions on the service's database of a server, other than the listeners and this one.</summary>
    public static async Task<long> ServiceSessionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND datname = 'movies' " +
            "AND pid <> pg_backend_pid() AND application_name IS DISTINCT FROM @listener", connection);
        command.Parameters.AddWithValue("listener", CatalogueChangeListener.ApplicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
