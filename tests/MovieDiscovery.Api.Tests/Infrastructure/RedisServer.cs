using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> (no persistence) on a free loopback port, for the specs of what the
/// instances share. Missing binary: the fixture fails with the install line, never skips. Stopped by
/// <see cref="DisposeAsync"/>, at process exit, and by a watchdog if the test run is killed.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly string[] s_candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    private readonly string _binary;
    private Process? _server;
    private Process? _watchdog;

    private RedisServer(string binary, int port)
    {
        _binary = binary;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
    }

    public int Port { get; }

    /// <summary>The service's <c>Redis:Configuration</c> for this server.</summary>
    public string Configuration => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public static async Task<RedisServer> StartAsync()
    {
        var binary = s_candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            "redis-server was not found (looked for " + string.Join(", ", s_candidates) + "): install it with " +
            "`apt-get install -y redis-server`. The specs of shared rate limits need a real Redis.");
        var server = new RedisServer(binary, ChildProcesses.FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port, empty.</summary>
    public async Task StartAgainAsync()
    {
        var directory = TestRun.CreateDirectory("movies-redis-");
        var start = new ProcessStartInfo(_binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory }.Owned();
        foreach (var argument in new[]
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--dir", directory, "--loglevel", "warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_binary}.");
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        _watchdog = StartWatchdog(_server.Id);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await AnswersPingAsync())
        {
            if (_server.HasExited || DateTime.UtcNow > deadline)
            {
                Kill();
                throw new InvalidOperationException($"redis-server on 127.0.0.1:{Port} did not answer PING within 20 s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Kills the server, as a crash would, and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        Kill();
        if (_server is not null)
        {
            await _server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Kill()
    {
        foreach (var process in new[] { _server, _watchdog })
        {
            try
            {
                if (process is { HasExited: false })
                {
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    /// <summary>Stops the server if this test process dies without stopping it (killed, crashed).</summary>
    private static Process? StartWatchdog(int serverPid)
    {
        var script = string.Create(CultureInfo.InvariantCulture,
            $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 {serverPid} 2>/dev/null; do sleep 1; done; kill -0 {Environment.ProcessId} 2>/dev/null || kill {serverPid} 2>/dev/null");
        var start = new ProcessStartInfo("sh") { UseShellExecute = false }.Owned();
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return Process.Start(start);
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
