using System.Diagnostics;
using System.Globalization;

namespace MovieDiscovery.Api.Tests.Reliability.Support;

/// <summary>
/// The real API as a child process (<c>dotnet MovieDiscovery.Api.dll</c> from the test output, where the
/// project reference copies it with its runtimeconfig and deps files), listening on a loopback port, in
/// the Production environment, configured only through environment variables. Its stdout and stderr go
/// to <see cref="LogPath"/>.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string SigningKey = "reliability-signing-key-long-enough-for-hs256-0123456789";

    private static readonly string[] s_clearedPrefixes =
        ["ASPNETCORE_", "DOTNET_ENVIRONMENT", "Database__", "Auth__", "RateLimiting__", "Limits__", "Benchmark__", "Logging__", "Shutdown__", "Redis__", "ForwardedHeaders__"];

    private readonly Process _process;
    private Stopwatch _started = new();
    private int _disposed;

    private ApiProcess(Process process, int port, string logPath)
    {
        _process = process;
        Port = port;
        LogPath = logPath;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    /// <summary>From the start of the process to the first 200 of /health/ready (migrations and seed included).</summary>
    public TimeSpan StartupTime { get; private set; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The settings of an API on PostgreSQL; <paramref name="extra"/> adds or overrides keys (environment variable names).</summary>
    public static Dictionary<string, string> PostgresSettings(string connectionString, IReadOnlyDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Auth__SigningKey"] = SigningKey,
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = connectionString,
            // Production keeps demo data off unless enabled; these tests run on the demo catalogue.
            ["Database__SeedDemoData"] = "true",
            // The load of these tests is one client's: lift the per-client limits so they measure the database, not the limiter.
            ["RateLimiting__PermitLimit"] = "100000000",
            ["RateLimiting__TokenPermitLimit"] = "100000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The settings of an API on a SQLite file; <paramref name="extra"/> adds or overrides keys.</summary>
    public static Dictionary<string, string> SqliteSettings(string connectionString, IReadOnlyDictionary<string, string>? extra = null) =>
        PostgresSettings(connectionString, new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { ["Database__Provider"] = "Sqlite" });

    /// <summary>Starts the API and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings, int? port = null, string? logPath = null)
    {
        var api = Launch(settings, port, logPath);
        try
        {
            await api.WaitReadyAsync(TimeSpan.FromSeconds(90));
            api.StartupTime = api._started.Elapsed;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }

        return api;
    }

    /// <summary>Starts the API with command-line <paramref name="arguments"/> (e.g. <c>--migrate-only</c>) and returns at once.</summary>
    public static ApiProcess Launch(IReadOnlyDictionary<string, string> settings, int? port = null, string? logPath = null, params string[] arguments)
    {
        var folder = AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "MovieDiscovery.Api.dll");
        foreach (var required in new[] { dll, Path.Combine(folder, "MovieDiscovery.Api.runtimeconfig.json"), Path.Combine(folder, "MovieDiscovery.Api.deps.json") })
        {
            if (!File.Exists(required))
            {
                throw new InvalidOperationException($"{required} is missing: the test project must reference src/MovieDiscovery.Api.");
            }
        }

        var listenPort = port ?? ChildProcesses.FreePort();
        logPath ??= Path.Combine(TestRun.CreateDirectory("movies-rel-api-"), "api.log");
        // exec: the shell becomes dotnet, so the pid is the API's own and signals reach it directly.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = folder }.Owned();
        foreach (var argument in new[] { "-c", "exec \"$0\" \"$@\" >>\"$MOVIES_RELIABILITY_LOG\" 2>&1", DotnetHost(), dll }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.Where(key => s_clearedPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["MOVIES_RELIABILITY_LOG"] = logPath;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{listenPort}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var started = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the API.");
        return new ApiProcess(process, listenPort, logPath) { _started = started };
    }

    public HttpClient CreateClient(TimeSpan timeout, string? bearerToken = null)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = timeout };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200; fails early, with the log, if the process exits.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = CreateClient(TimeSpan.FromSeconds(5));
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"The API exited with {ExitCode} before it was ready. Log:\n{LogTail()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}";
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                last = exception.Message;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The API was not ready within {timeout.TotalSeconds} s (last: {last}). Log:\n{LogTail()}");
    }

    /// <summary>SIGTERM: the graceful stop an orchestrator asks for.</summary>
    public Task TerminateAsync() => ChildProcesses.SignalAsync(Pid, "TERM");

    /// <summary>SIGKILL: a crash, nothing runs after it.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Waits for the exit; false when the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The resident set size in KiB, from VmRSS in /proc/PID/status; null once the process is gone.</summary>
    public long? ResidentKilobytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public string LogTail(int lines = 60)
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogPath).TakeLast(lines));
        }
        catch (IOException exception)
        {
            return $"(log unreadable: {exception.Message})";
        }
    }

    /// <summary>Kills the process if it still runs; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    /// <summary>The dotnet host running the tests, so the API runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            return path;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
