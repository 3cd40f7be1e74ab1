using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MovieDiscovery.Api.Tests.Reliability.Support;
using Npgsql;

namespace MovieDiscovery.Api.Tests.Cluster.Support;

/// <summary>
/// The local cluster of <c>make cluster-up</c> (HAProxy, 3 API instances, a PostgreSQL primary and a
/// streaming standby, Redis), started by the same script, <c>deploy/local/cluster.sh</c>, on a free
/// block of loopback ports with its state in a folder of the test run, and stopped by it
/// (<c>down</c>) when disposed. The instances run the API the tests were built with (the test
/// output folder, as <see cref="ApiProcess"/> does), sign tokens with <see cref="ApiProcess.SigningKey"/>,
/// and take the settings given to <see cref="StartAsync"/> on top of the cluster's own.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>The ports the script takes, from CLUSTER_PORT up (balancer, 3 instances, 2 databases, Redis, statistics).</summary>
    public const int PortCount = 8;

    private static readonly TimeSpan s_upTimeout = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, string> _environment;
    private int _disposed;

    private LocalCluster(string directory, int port, Dictionary<string, string> environment)
    {
        Directory = directory;
        Port = port;
        _environment = environment;
    }

    /// <summary>The state folder (CLUSTER_DIR): data, logs, pid files, HAProxy's runtime socket.</summary>
    public string Directory { get; }

    /// <summary>CLUSTER_PORT: the balancer's port, the first of <see cref="PortCount"/>.</summary>
    public int Port { get; }

    public ClusterStatus Status { get; private set; } = null!;

    public Uri Balancer => new(Status.Lb.Url);

    public IReadOnlyList<Uri> Instances => Status.Apis.Select(api => new Uri(api.Url)).ToList();

    /// <summary>The current primary (it changes with <see cref="PromoteAsync"/>), as a superuser, unpooled.</summary>
    public string PrimaryConnectionString => Unpooled(Status.Primary.ConnectionString);

    public string StandbyConnectionString => Unpooled(Status.Standbys.Single().ConnectionString);

    public static string ScriptPath => Path.Combine(RepositoryRoot(), "deploy", "local", "cluster.sh");

    /// <summary>Starts a cluster; <paramref name="settings"/> are environment variables of the script (CLUSTER_* or the service's own).</summary>
    public static async Task<LocalCluster> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePortBlock();
        var environment = new Dictionary<string, string>
        {
            ["CLUSTER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["CLUSTER_DIR"] = TestRun.CreateDirectory("movies-cluster-"),
            ["CLUSTER_APP_DIR"] = AppContext.BaseDirectory,
            // A throwaway cluster: no need to survive an operating-system crash.
            ["CLUSTER_PG_OPTIONS"] = "-c fsync=off",
            ["Auth__SigningKey"] = ApiProcess.SigningKey,
            // The load of these tests is one machine's: lift the per-client limits unless a test sets its own.
            ["RateLimiting__PermitLimit"] = "100000000",
            ["RateLimiting__TokenPermitLimit"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var cluster = new LocalCluster(environment["CLUSTER_DIR"], port, environment);
        try
        {
            await cluster.RunScriptAsync("up", s_upTimeout);
            await cluster.RefreshStatusAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Reads <c>cluster.sh status</c> again (pids change when processes die, roles with a promotion).</summary>
    public async Task<ClusterStatus> RefreshStatusAsync()
    {
        var json = await RunScriptAsync("status", TimeSpan.FromSeconds(30));
        Status = ClusterStatus.Parse(json);
        return Status;
    }

    /// <summary><c>cluster.sh promote</c>: stops the primary (if it still runs) and promotes the standby.</summary>
    public async Task PromoteAsync()
    {
        await RunScriptAsync("promote", TimeSpan.FromSeconds(120));
        await RefreshStatusAsync();
    }

    public Task<string> RunScriptAsync(string command, TimeSpan timeout) =>
        ChildProcesses.RunAsync("bash", [ScriptPath, command], null, timeout, _environment, RepositoryRoot());

    /// <summary>
    /// Sends each kind of catalogue read to every instance until it answers 200, so that a test measures
    /// instances that have compiled their code and opened their connections (bounded: 60 s).
    /// </summary>
    public async Task WarmUpAsync()
    {
        string[] paths = ["/v1/genres", "/v1/countries", ClusterSql.WatchedPage, "/v1/movies/1"];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        await Task.WhenAll(Instances.Select(async instance =>
        {
            using var client = Client(instance);
            foreach (var path in paths)
            {
                while (true)
                {
                    try
                    {
                        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            break;
                        }
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                    {
                        // Not yet.
                    }

                    Assert.True(DateTime.UtcNow < deadline, $"{instance}{path} did not answer 200 within 60 s.");
                    await Task.Delay(100);
                }
            }
        }));
    }

    /// <summary>A client of <paramref name="baseAddress"/> whose connections come from <paramref name="source"/> (any 127.x.y.z).</summary>
    public static HttpClient Client(Uri baseAddress, IPAddress? source = null, string? bearerToken = null, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (source is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    /// <summary>A command of HAProxy's runtime API (its Unix socket in the state folder), and its answer.</summary>
    public async Task<string> BalancerRuntimeAsync(string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Path.Combine(Directory, "run", "haproxy.sock")), timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, timeout.Token);
        var answer = new StringBuilder();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return answer.ToString();
    }

    /// <summary>What HAProxy's health checks make of an instance ("UP", "DOWN", "UP 1/2" while going down...), from <c>show stat</c>.</summary>
    public async Task<string> BalancerViewAsync(int instance)
    {
        var csv = await BalancerRuntimeAsync("show stat");
        var header = csv.Split('\n')[0].TrimStart('#', ' ').Split(',');
        var status = Array.IndexOf(header, "status");
        var row = csv.Split('\n').Select(line => line.Split(',')).Single(fields => fields.Length > status && fields[0] == "api" && fields[1] == $"api{instance}");
        return row[status];
    }

    /// <summary>Sets the standby's <c>recovery_min_apply_delay</c> (ALTER SYSTEM and a reload) and waits until it applies.</summary>
    public async Task SetStandbyDelayAsync(int milliseconds)
    {
        await using var connection = new NpgsqlConnection(StandbyConnectionString);
        await connection.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER SYSTEM SET recovery_min_apply_delay = '{milliseconds}ms'", connection))
        {
            await alter.ExecuteNonQueryAsync();
        }

        await using (var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection))
        {
            await reload.ExecuteNonQueryAsync();
        }

        await using var show = new NpgsqlCommand("SELECT setting::int FROM pg_settings WHERE name = 'recovery_min_apply_delay'", connection);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((int)(await show.ExecuteScalarAsync())! != milliseconds)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The standby did not take recovery_min_apply_delay = {milliseconds} ms within 10 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>Every process of the cluster that is alive, by the pids <c>status</c> last reported.</summary>
    public IEnumerable<int> LivePids() => Status.Pids().Where(pid => System.IO.Directory.Exists($"/proc/{pid}"));

    /// <summary><c>cluster.sh down</c>, then the folder is removed; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await RunScriptAsync("down", TimeSpan.FromMinutes(2));
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The run's end removes the run folder anyway.
        }
    }

    /// <summary>A log of the cluster (api1, api2, api3, node1, node2, haproxy, redis, migrate), its last lines.</summary>
    public string LogTail(string name, int lines = 40)
    {
        var path = Path.Combine(Directory, "logs", name + ".log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) : $"(no {path})";
    }

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;

    /// <summary>A block of <see cref="PortCount"/> loopback ports that were all free a moment ago.</summary>
    public static int FreePortBlock()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var first = Random.Shared.Next(20_000, 60_000);
            var listeners = new List<TcpListener>();
            try
            {
                for (var port = first; port < first + PortCount; port++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    listeners.Add(listener);
                }

                return first;
            }
            catch (SocketException)
            {
                // Taken: another block.
            }
            finally
            {
                listeners.ForEach(listener => listener.Stop());
            }
        }

        throw new InvalidOperationException($"No {PortCount} consecutive free loopback ports found.");
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MovieDiscovery.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with MovieDiscovery.slnx) was not found.");
    }
}
