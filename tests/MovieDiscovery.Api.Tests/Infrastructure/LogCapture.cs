using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>
/// Records every log entry the application writes, at every level: the formatted message, the
/// structured values, every scope's values and the exception (with its inner exceptions).
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<string> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            Append(entry, state);
            owner._scopes.ForEachScope((scope, text) => text.Append(" | scope: ").Append(scope), entry);
            owner._scopes.ForEachScope((scope, text) => Append(text, scope), entry);
            if (exception is not null)
            {
                entry.Append('\n').Append(exception);
            }

            owner._entries.Enqueue(entry.ToString());
        }

        private static void Append(StringBuilder entry, object? values)
        {
            if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    entry.Append(" | ").Append(key).Append('=').Append(value);
                }
            }
        }
    }
}

/// <summary>The application with a <see cref="CapturingLoggerProvider"/> that records everything, down to Trace.</summary>
public abstract class LogCapturingApiFactory : ApiFactory
{
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            // A rule for this provider wins over the configured levels (Warning for Microsoft.*), so nothing is filtered out.
            services.Configure<LoggerFilterOptions>(options =>
                options.Rules.Add(new LoggerFilterRule(typeof(CapturingLoggerProvider).FullName, null, LogLevel.Trace, null)));
        });
    }
}

public sealed class LogCapturingSqliteFactory : LogCapturingApiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult($"Data Source={Path.Combine(Directory.CreateTempSubdirectory("movies-sqlite-").FullName, "movies.db")}");
}

public sealed class LogCapturingPostgresFactory : LogCapturingApiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string> CreateDatabaseAsync() =>
        await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
}
