using System.Globalization;
using MovieDiscovery.Api.Tests.Cluster.Support;
using Npgsql;
using Xunit.Abstractions;

namespace MovieDiscovery.Api.Tests.Cluster;

/// <summary>
/// <c>make cluster-up</c>, <c>make cluster-status</c> and <c>make cluster-down</c> as an operator runs
/// them: the topology comes up with the settings given to make, the README's examples pass through the
/// balancer, the status reports it, and down leaves nothing running.
/// </summary>
[Collection(ClusterTests.Collection)]
public sealed class ClusterCommandsTests(ITestOutputHelper output)
{
    private const int PermitLimit = 4321;
    private const int StandbyDelayMs = 1500;

    [Fact]
    public async Task Make_cluster_up_status_and_down_start_the_topology_describe_it_and_leave_nothing_running()
    {
        var directory = TestRun.CreateDirectory("movies-make-cluster-");
        var port = LocalCluster.FreePortBlock();
        string[] variables =
        [
            $"CLUSTER_PORT={port}",
            $"CLUSTER_DIR={directory}",
            $"CLUSTER_APP_DIR={AppContext.BaseDirectory}",
            $"CLUSTER_STANDBY_DELAY_MS={StandbyDelayMs}",
            "CLUSTER_PG_OPTIONS=-c fsync=off",
            // A setting of the service, as the README shows it: it must reach every instance.
            $"RateLimiting__PermitLimit={PermitLimit}",
        ];
        ClusterStatus? status = null;
        try
        {
            await MakeAsync("cluster-up", variables, TimeSpan.FromMinutes(5));
            var printed = await MakeAsync("cluster-status", variables, TimeSpan.FromSeconds(30));
            output.WriteLine(printed);
            Assert.Single(printed.Trim().Split('\n'));
            status = ClusterStatus.Parse(printed);

            Assert.Equal($"http://127.0.0.1:{port}", status.Lb.Url);
            Assert.Equal(Enumerable.Range(1, 3).Select(i => $"http://127.0.0.1:{port + i}"), status.Apis.Select(api => api.Url));
            Assert.Equal(port + 4, new NpgsqlConnectionStringBuilder(status.Primary.ConnectionString).Port);
            Assert.Equal(port + 5, new NpgsqlConnectionStringBuilder(status.Standbys.Single().ConnectionString).Port);
            Assert.Equal($"127.0.0.1:{port + 6}", status.Redis.Address);
            Assert.Contains("haproxy", CommandLine(status.Lb.Pid));
            Assert.All(status.Apis, api => Assert.Contains("MovieDiscovery.Api.dll", CommandLine(api.Pid)));
            // The postmaster itself (its backends are named "postgres: ..."), the process to signal.
            Assert.Matches(@"/postgres -D ", CommandLine(status.Primary.Pid));
            Assert.Matches(@"/postgres -D ", CommandLine(status.Standbys.Single().Pid));
            Assert.Contains("redis-server", CommandLine(status.Redis.Pid));

            await AssertReplicationAsync(status);
            await AssertEveryInstanceHasTheSettingAndTheKeyAsync(status);
            var readme = await ChildProcesses.RunAsync("bash", ["scripts/check-examples.sh"], null, TimeSpan.FromMinutes(5),
                new Dictionary<string, string> { ["CHECK_EXAMPLES_BASE_URL"] = status.Lb.Url }, LocalCluster.RepositoryRoot());
            output.WriteLine(readme.Split('\n').LastOrDefault(line => line.Contains("passed", StringComparison.Ordinal)) ?? readme);
        }
        finally
        {
            output.WriteLine(await MakeAsync("cluster-down", variables, TimeSpan.FromMinutes(2)));
        }

        Assert.NotNull(status);
        Assert.All(status.Pids(), pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"Process {pid} still runs after make cluster-down."));
        Assert.Empty(ProcessesMarkedWith($"MOVIES_CLUSTER_DIR={directory}"));
        foreach (var listening in Enumerable.Range(port, LocalCluster.PortCount))
        {
            Assert.True(await ChildProcesses.IsRefusedAsync(listening, TimeSpan.FromSeconds(2)), $"127.0.0.1:{listening} still accepts connections.");
        }
    }

    private static async Task AssertReplicationAsync(ClusterStatus status)
    {
        await using var standby = new NpgsqlConnection(status.Standbys.Single().ConnectionString);
        await standby.OpenAsync();
        await using var standbyState = new NpgsqlCommand("SELECT pg_is_in_recovery(), current_setting('recovery_min_apply_delay')", standby);
        await using (var reader = await standbyState.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0), "The standby is not in recovery.");
            Assert.Equal($"{StandbyDelayMs}ms", reader.GetString(1));
        }

        await using var primary = new NpgsqlConnection(status.Primary.ConnectionString);
        await primary.OpenAsync();
        await using var streaming = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE r.state = 'streaming'", primary);
        Assert.Equal(1L, (long)(await streaming.ExecuteScalarAsync())!);
    }

    /// <summary>The setting given to make reached each instance (its RateLimit-Policy), and a token one instance issued is accepted by all.</summary>
    private static async Task AssertEveryInstanceHasTheSettingAndTheKeyAsync(ClusterStatus status)
    {
        using var first = LocalCluster.Client(new Uri(status.Apis[0].Url));
        using var issued = await first.PostAsJsonAsync(new Uri("/v1/auth/token", UriKind.Relative), new { email = "alice@example.com", password = "alice-password" });
        var token = (await issued.ShouldBe(HttpStatusCode.OK)).GetProperty("access_token").GetString();
        foreach (var address in status.Apis.Select(api => api.Url).Append(status.Lb.Url))
        {
            using var client = LocalCluster.Client(new Uri(address), bearerToken: token);
            using var me = await client.GetAsync(new Uri("/v1/me", UriKind.Relative));
            await me.ShouldBe(HttpStatusCode.OK);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"q={PermitLimit}"), me.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        }
    }

    private static Task<string> MakeAsync(string target, IEnumerable<string> variables, TimeSpan timeout) =>
        ChildProcesses.RunAsync("make", ["-s", "--no-print-directory", target, .. variables], null, timeout, null, LocalCluster.RepositoryRoot());

    private static string CommandLine(int? pid) =>
        pid is { } id && File.Exists($"/proc/{id}/cmdline") ? File.ReadAllText($"/proc/{id}/cmdline").Replace('\0', ' ') : $"(no process {pid})";

    private static List<int> ProcessesMarkedWith(string variable)
    {
        var marked = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(entry, "environ")).Split('\0').Contains(variable))
                    {
                        marked.Add(pid);
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // Gone meanwhile.
                }
            }
        }

        return marked;
    }
}
