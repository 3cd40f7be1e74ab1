using Npgsql;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>Raw SQL from several PostgreSQL connections at once, as concurrent writers outside the API would send it.</summary>
public static class ConcurrentStatements
{
    /// <summary>
    /// Runs <paramref name="perConnection"/> statements on each of <paramref name="connections"/> connections at once,
    /// each drawn by <paramref name="next"/> from that connection's own seeded random numbers (so a run can be replayed),
    /// and returns every statement PostgreSQL refused, with why. Nothing is retried.
    /// </summary>
    public static async Task<List<string>> RunAsync(string connectionString, int connections, int perConnection, Func<Random, string> next)
    {
        var failures = new List<string>();
        var workers = Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { IncludeErrorDetail = true }.ConnectionString);
            await connection.OpenAsync();
            for (var n = 0; n < perConnection; n++)
            {
                var sql = next(random);
                try
                {
#pragma warning disable CA2100 // Statements built by tests from ids and codes they chose.
                    await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
                    await command.ExecuteNonQueryAsync();
                }
                catch (PostgresException exception)
                {
                    lock (failures)
                    {
                        failures.Add($"{exception.SqlState}: {exception.MessageText} {exception.Detail} WHERE {exception.Where} ({sql})");
                    }
                }
            }
        }));
        await Task.WhenAll(workers);
        return failures;
    }
}
