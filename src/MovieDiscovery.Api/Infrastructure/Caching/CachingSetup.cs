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
    /// <summary>
    /// The catalogue response cache and, on PostgreSQL, the listener that tells it (and the standby reads,
    /// see <see cref="StandbyFreshness"/>) about every catalogue change.
    /// </summary>
    public static IServiceCollection AddCatalogueCache(this IServiceCollection services)
    {
        services.AddOptions<ResponseCacheOptions>()
            .BindConfiguration(ResponseCacheOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<CatalogueResponseCache>();
        services.AddHostedService<CatalogueChangeListener>();
        return services;
    }
}
