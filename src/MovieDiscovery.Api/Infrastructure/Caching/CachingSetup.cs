using System.ComponentModel.DataAnnotations;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Infrastructure.Caching;

/// <summary>The <c>ResponseCache</c> configuration section.</summary>
public sealed class ResponseCacheOptions
{
    public const string Section = "ResponseCache";

    /// <summary>Serve catalogue lists from memory on PostgreSQL (SQLite never does: it has no change signal).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Memory for cached answers; the least recently used go first past it.</summary>
    [Range(1, 4096)]
    public int SizeLimitMegabytes { get; set; } = 24;
}

public static class CachingSetup
{
    public static IServiceCollection AddCatalogueCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResponseCacheOptions>()
            .BindConfiguration(ResponseCacheOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<CatalogueResponseCache>();

        var options = configuration.GetSection(ResponseCacheOptions.Section).Get<ResponseCacheOptions>() ?? new ResponseCacheOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (options.Enabled && database.Provider == DatabaseProvider.Postgres)
        {
            services.AddHostedService(provider => new CatalogueChangeListener(
                provider.GetRequiredService<CatalogueResponseCache>(),
                DatabaseSetup.PostgresConnectionString(database),
                provider.GetRequiredService<ILogger<CatalogueChangeListener>>()));
        }

        return services;
    }
}
