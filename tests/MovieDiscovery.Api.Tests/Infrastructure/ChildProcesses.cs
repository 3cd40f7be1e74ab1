using System.Diagnostics;
using System.Net.Sockets;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>Runs short helper programs (initdb, pg_ctl, kill) with a bound on how long they may take.</summary>
public static class ChildProcesses
{
    /// <summary>
    /// Runs <paramref name="program"/>, as <paramref name="runAs"/> through runuser when given, with
    /// <paramref name="environment"/> added to the test process's; throws on failure.
    /// </summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string? runAs, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(runAs is null ? program : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        }.Owned();
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        if (runAs is not null)
        {
            foreach (var prefix in new[] { "-u", runAs, "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await error} {await output}");
        }

        return await output;
    }

    /// <summary>Sends a signal (TERM, KILL, ...) to a process with the kill(1) command.</summary>
    public static Task SignalAsync(int pid, string signal) =>
        RunAsync("kill", ["-s", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, TimeSpan.FromSeconds(5));

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when a TCP connection to the loopback port is refused (nothing listens); false on any other outcome, so callers poll.</summary>
    public static async Task<bool> IsRefusedAsync(int port, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, cancel.Token);
            return false;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (SocketException)
        {
            // A reset means the listener closed while accepting: the server is going down, not yet down.
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
