using Npgsql;

namespace MovieDiscovery.Api.Tests.Reliability.Support;

/// <summary>
/// A streaming standby of a <see cref="PostgresCluster"/>, from the same binaries: <c>pg_basebackup -R</c> with
/// a replication slot, started on its own loopback port in a temporary folder. Its replay can be delayed
/// (<c>recovery_min_apply_delay</c>), and it can be promoted.
/// </summary>
public sealed class PostgresStandby : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _data;
    private readonly string _bin;
    private readonly string? _runAs;

    private PostgresStandby(string directory, string bin, string? runAs, int port)
    {
        _directory = directory;
        _data = Path.Combine(directory, "data");
        _bin = bin;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";

    /// <summary>Copies the primary (every database it has now and later) and starts replaying it.</summary>
    public static async Task<PostgresStandby> StartAsync(PostgresCluster primary)
    {
        var bin = PostgresServer.FindBinDirectory() ?? throw new InvalidOperationException(
            "A standby needs the PostgreSQL server binaries (pg_basebackup, pg_ctl) under /usr/lib/postgresql/*/bin: apt-get install -y postgresql.");
        var directory = TestRun.CreateDirectory("movies-rel-standby-");
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null)
        {
            await ChildProcesses.RunAsync("chown", ["-R", runAs, directory], null, TimeSpan.FromSeconds(10));
        }

        var standby = new PostgresStandby(directory, bin, runAs, ChildProcesses.FreePort());
        var slot = "standby_" + Guid.NewGuid().ToString("N")[..8];
        await ChildProcesses.RunAsync(Path.Combine(bin, "pg_basebackup"),
            ["-h", "127.0.0.1", "-p", $"{primary.Port}", "-U", "postgres", "-D", standby._data, "-R", "-X", "stream", "-C", "-S", slot, "--no-sync"],
            runAs, TimeSpan.FromSeconds(120));
        var options = $"-p {standby.Port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        await ChildProcesses.RunAsync(Path.Combine(bin, "pg_ctl"),
            ["-D", standby._data, "-o", options, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"], runAs, TimeSpan.FromSeconds(70));
        return standby;
    }

    /// <summary>The same database on this server (read-only while it is a standby).</summary>
    public string ConnectionStringFor(string primaryConnectionString) =>
        new NpgsqlConnectionStringBuilder(primaryConnectionString) { Host = "127.0.0.1", Port = Port, Pooling = false }.ConnectionString;

    /// <summary>Commits are applied this long after the primary made them (0: at once).</summary>
    public async Task SetApplyDelayAsync(TimeSpan delay)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var set = new NpgsqlCommand($"ALTER SYSTEM SET recovery_min_apply_delay = '{(int)delay.TotalMilliseconds}ms'", connection);
        await set.ExecuteNonQueryAsync();
        await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
        await reload.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until this standby has replayed everything the primary had written when called.</summary>
    public async Task WaitCaughtUpAsync(PostgresCluster primary, TimeSpan timeout)
    {
        var target = await ScalarAsync<NpgsqlTypes.NpgsqlLogSequenceNumber>(primary.AdminConnectionString, "SELECT pg_current_wal_insert_lsn()");
        var deadline = DateTime.UtcNow + timeout;
        while ((await ScalarAsync<NpgsqlTypes.NpgsqlLogSequenceNumber>(AdminConnectionString, "SELECT pg_last_wal_replay_lsn()")).CompareTo(target) < 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The standby did not replay up to {target} within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary><c>pg_ctl promote</c>: the standby becomes a primary that accepts writes.</summary>
    public Task PromoteAsync() =>
        ChildProcesses.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-w", "-t", "60", "promote"], _runAs, TimeSpan.FromSeconds(70));

    /// <summary>One value of one row, on a connection of its own.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // Fixed statements of the tests.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ChildProcesses.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "-t", "20", "stop"], _runAs, TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // Not running (never started, or already stopped).
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: the folder is in the temporary directory anyway.
        }
    }
}
