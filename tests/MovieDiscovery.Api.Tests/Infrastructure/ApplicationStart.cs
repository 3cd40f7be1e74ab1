using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>
/// One start of the real application in a chosen environment with exactly the given settings (nothing
/// else of <see cref="ApiFactory"/>'s), to see whether it starts and what it logs.
/// </summary>
public sealed class ApplicationStart(string environment, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Starts the host (migrations and seed run before it serves); the exception that stopped it, or null.</summary>
    public Exception? TryStart()
    {
        try
        {
            _ = Server;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    /// <summary>Every message of the exception and its inner exceptions.</summary>
    public static string Messages(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" | ", messages);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        // No load balancer to drain for (a setting of the test may still ask for it).
        builder.UseSetting("Shutdown:DrainSeconds", "0");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            // Only this capture: outside Development the console logger would print every entry as JSON.
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
            services.Configure<LoggerFilterOptions>(options =>
                options.Rules.Add(new LoggerFilterRule(typeof(CapturingLoggerProvider).FullName, null, LogLevel.Information, null)));
        });
    }
}
