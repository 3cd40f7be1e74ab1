using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Caching;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>
/// The real application over a real, fresh database: migrated by the application's own startup
/// and seeded with the demo data. One per test class (a class fixture), one subclass per provider.
/// </summary>
public abstract class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private string? _connectionString;

    public abstract DatabaseProvider Provider { get; }

    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256-0123456789";

    /// <summary>Configuration for the application under test; change before the first request.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Auth:SigningKey"] = SigningKey,
        ["RateLimiting:TokenPermitLimit"] = "100000",
        ["RateLimiting:PermitLimit"] = "100000000",
        // Specs (and the fuzzer) log in as the demo users with wrong passwords; LoginLimitSpec sets its own.
        ["RateLimiting:LoginFreeFailures"] = "100000",
        ["Database:CommandTimeoutSeconds"] = "30",
        // Outside Development demo data is off unless enabled; the specs run on the demo catalogue.
        ["Database:SeedDemoData"] = "true",
        // Each spec stops its host when it ends: no load balancer to drain for.
        ["Shutdown:DrainSeconds"] = "0",
        // Long enough that no spec's query count depends on when a user's check expires; UserCheckSpec sets its own.
        ["Auth:UserCheckSeconds"] = "300",
    };

    /// <summary>Counts the SQL commands the application sends, to prove a request's query count.</summary>
    public CommandCounter Commands { get; } = new();

    public async Task InitializeAsync()
    {
        await StartServicesAsync();
        _connectionString = await CreateDatabaseAsync();
        // Starts the host now: migrations and seed run before the first test.
        Start();
    }

    /// <summary>Starts the host: the in-memory test server, unless a subclass serves over real sockets.</summary>
    protected virtual void Start() => _ = Server;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>Starts what the application needs besides its database (Redis, for some specs), before it starts.</summary>
    protected virtual Task StartServicesAsync() => Task.CompletedTask;

    /// <summary>A fresh, empty database of the provider: a SQLite file in a new folder, or a database on the shared PostgreSQL.</summary>
    public static async Task<string> NewDatabaseAsync(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite
        ? $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("movies-sqlite-").FullName, "movies.db")}"
        : await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();

    /// <summary>The application's database, for changes made from outside it.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The database is not created yet.");

    /// <summary>A scope over the application's services, to arrange or inspect data directly.</summary>
    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    /// <summary>
    /// Changes the catalogue directly in the database, as an operator would, then waits until the
    /// application has been told: on PostgreSQL the change's notification empties the response cache
    /// (within milliseconds, see CatalogueCacheSpec); on SQLite nothing is cached.
    /// </summary>
    public async Task<T> ChangeCatalogueAsync<T>(Func<AppDbContext, Task<T>> change)
    {
        var cache = Services.GetRequiredService<CatalogueResponseCache>();
        var before = cache.Generation;
        T result;
        await using (var scope = CreateScope())
        {
            result = await change(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        }

        await Eventually.TrueAsync(() => !cache.IsLive || cache.Generation != before, TimeSpan.FromSeconds(5),
            "The catalogue change notification never reached the response cache.");
        return result;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ConnectionString", _connectionString);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, TestPeerAddress>();
            services.ConfigureDbContext<SqliteAppDbContext>(options => options.AddInterceptors(Commands));
            services.ConfigureDbContext<PostgresAppDbContext>(options => options.AddInterceptors(Commands));
        });
    }
}

public sealed class SqliteApiFactory : ApiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

/// <summary>A migrated database with no catalogue and no users (no demo data), for imports into an empty database.</summary>
public sealed class EmptyCatalogueFactory : ApiFactory
{
    public EmptyCatalogueFactory(DatabaseProvider provider)
    {
        Provider = provider;
        Settings["Database:SeedDemoData"] = "false";
    }

    public override DatabaseProvider Provider { get; }

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

/// <summary>PostgreSQL with the catalogue response cache off, for specs that must hold cached or not.</summary>
public sealed class PostgresUncachedApiFactory : ApiFactory
{
    public PostgresUncachedApiFactory() => Settings["ResponseCache:Enabled"] = "false";

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

public sealed class PostgresApiFactory : ApiFactory
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

/// <summary>Counts executed commands (queries and writes) across the application.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }
}
