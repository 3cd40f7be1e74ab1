using System.Globalization;
using Npgsql;

namespace MovieDiscovery.Api.Tests.Reliability.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own, separate from the shared one of the run, so the test may
/// crash it: <see cref="KillPostmasterAsync"/> sends SIGKILL to the postmaster and
/// <see cref="StartAgainAsync"/> starts it again on the same port and data folder. Started like
/// <see cref="PostgresServer"/>: initdb and pg_ctl from /usr/lib/postgresql/*/bin, on a free loopback
/// port in a folder of the run, as the <c>postgres</c> user (through runuser) when the tests run as root.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _data;
    private readonly string _bin;
    private readonly string? _runAs;

    private PostgresCluster(string directory, string bin, string? runAs, int port)
    {
        _directory = directory;
        _data = Path.Combine(directory, "data");
        _bin = bin;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";

    public string ServerLogPath => Path.Combine(_directory, "server.log");

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = PostgresServer.FindBinDirectory() ?? throw new InvalidOperationException(
            "The reliability tests crash a PostgreSQL cluster of their own and need the server binaries " +
            "(initdb, pg_ctl) under /usr/lib/postgresql/*/bin: apt-get install -y postgresql.");
        var directory = TestRun.CreateDirectory("movies-rel-pg-");
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null)
        {
            await ChildProcesses.RunAsync("chown", ["-R", runAs, directory], null, TimeSpan.FromSeconds(10));
        }

        var cluster = new PostgresCluster(directory, bin, runAs, ChildProcesses.FreePort());
        await ChildProcesses.RunAsync(Path.Combine(bin, "initdb"),
            ["-D", cluster._data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], runAs, TimeSpan.FromSeconds(60));
        await cluster.StartServerAsync();
        return cluster;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "movies_rel_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>The postmaster's process id, from the first line of postmaster.pid; null when the file is absent.</summary>
    public int? PostmasterPid()
    {
        var file = Path.Combine(_data, "postmaster.pid");
        return File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
    }

    /// <summary>
    /// SIGKILL to the postmaster (a crash: no shutdown), then waits until the server is down: its port
    /// refuses connections and its backends, which exit when they see the postmaster die, are gone.
    /// </summary>
    public async Task KillPostmasterAsync()
    {
        var pid = PostmasterPid() ?? throw new InvalidOperationException("The cluster has no postmaster.pid.");
        await ChildProcesses.SignalAsync(pid, "KILL");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await ChildProcesses.IsRefusedAsync(Port, TimeSpan.FromSeconds(1)) || ServerProcesses() > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The server still runs 10 s after SIGKILL to the postmaster {pid} ({ServerProcesses()} processes left).");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Processes of this cluster: every PostgreSQL process works in its data folder.</summary>
    public int ServerProcesses()
    {
        var data = Path.GetFullPath(_data);
        var count = 0;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                if (Directory.ResolveLinkTarget(Path.Combine(entry, "cwd"), returnFinalTarget: false)?.FullName == data)
                {
                    count++;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to look at.
            }
        }

        return count;
    }

    /// <summary>
    /// Starts the server again on the same port and data folder. Right after a SIGKILL the orphaned
    /// backends may still hold the shared memory for a moment, so a refused start is retried.
    /// </summary>
    public async Task StartAgainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await StartServerAsync();
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ChildProcesses.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "-t", "20", "stop"], _runAs, TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            try
            {
                if (PostmasterPid() is { } pid && Directory.Exists($"/proc/{pid}"))
                {
                    await ChildProcesses.SignalAsync(pid, "KILL");
                }
            }
            catch (InvalidOperationException)
            {
                // Gone meanwhile.
            }
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

    /// <summary>fsync is off for speed (an operating-system crash is not simulated); commits stay synchronous, as in production.</summary>
    private async Task StartServerAsync()
    {
        var options = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200";
        await ChildProcesses.RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["-D", _data, "-o", options, "-l", ServerLogPath, "-w", "-t", "30", "start"], _runAs, TimeSpan.FromSeconds(40));
    }

}
