using Npgsql;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run, started from the installed binaries on a free
/// loopback port in a folder of the run (<see cref="TestRun"/>), and removed when the run ends. Set
/// <c>MOVIES_TEST_POSTGRES</c> to a connection string to use an existing server instead.
/// PostgreSQL refuses to run as root, so as root the cluster runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<Task<PostgresServer>> s_shared = new(() => StartAsync(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _dataDirectory;
    private readonly string? _binDirectory;

    private PostgresServer(string adminConnectionString, string? dataDirectory, string? binDirectory)
    {
        AdminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
    }

    /// <summary>A connection string to the <c>postgres</c> database as a superuser.</summary>
    public string AdminConnectionString { get; }

    public static Task<PostgresServer> SharedAsync() => s_shared.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "movies_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("MOVIES_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            return new PostgresServer(external, null, null);
        }

        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. " +
            "Install them (apt-get install -y postgresql) or set MOVIES_TEST_POSTGRES to a connection string.");

        var directory = TestRun.CreateDirectory("movies-pg-");
        var data = Path.Combine(directory, "data");
        var port = ChildProcesses.FreePort();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        if (runAs is not null)
        {
            await ChildProcesses.RunAsync("chown", ["-R", runAs, directory], null, s_commandTimeout);
        }

        await ChildProcesses.RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], runAs, s_commandTimeout);
        var serverOptions = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
        await ChildProcesses.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", serverOptions, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"], runAs, s_commandTimeout);

        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false", data, bin);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(runAs, directory);
        return server;
    }

    private void Stop(string? runAs, string directory)
    {
        try
        {
            ChildProcesses.RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", _dataDirectory!, "-m", "immediate", "-w", "stop"], runAs, s_commandTimeout).GetAwaiter().GetResult();
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // Best effort at exit: the folder is in the temporary directory anyway.
        }
    }

    /// <summary>The newest installed PostgreSQL's bin folder with initdb and pg_ctl, or null.</summary>
    public static string? FindBinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
}
