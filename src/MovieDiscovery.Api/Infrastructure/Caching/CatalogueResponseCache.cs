using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MovieDiscovery.Api.Infrastructure.Caching;

/// <summary>A catalogue answer as it is sent: the JSON body and its entity tag.</summary>
public sealed record CachedResponse(byte[] Body, EntityTagHeaderValue ETag);

/// <summary>
/// Catalogue list answers kept in memory, keyed by path and query string, so that a popular page is
/// served without the database. It is trusted only while it is <em>live</em>: while something tells
/// it about every catalogue change (<see cref="CatalogueChangeListener"/>, on PostgreSQL). Otherwise,
/// and between losing that signal and getting it back, every lookup misses and nothing is stored.
/// </summary>
public sealed class CatalogueResponseCache(IOptions<ResponseCacheOptions> options) : IDisposable
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions
    {
        SizeLimit = (long)options.Value.SizeLimitMegabytes * 1024 * 1024,
    });

    private readonly bool _enabled = options.Value.Enabled;
    private long _generation;
    private volatile bool _live;

    /// <summary>Goes up at every catalogue change; an answer computed under an older one may be stale.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool IsLive => _live;

    public bool TryGet(string key, [NotNullWhen(true)] out CachedResponse? response)
    {
        response = null;
        return _live && _entries.TryGetValue(key, out response) && response is not null;
    }

    /// <summary>Keeps an answer computed since <paramref name="generation"/>, unless the catalogue changed meanwhile.</summary>
    public void Store(string key, CachedResponse response, long generation)
    {
        if (!_live || generation != Generation)
        {
            return;
        }

        _entries.Set(key, response, new MemoryCacheEntryOptions { Size = response.Body.Length + (2 * key.Length) + 64 });
        // A change that landed while storing may have cleared the cache before the entry arrived.
        if (generation != Generation)
        {
            _entries.Remove(key);
        }
    }

    /// <summary>The catalogue changed: drop every answer, and any being computed from before.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>The change signal is up: start from empty (changes may have been missed while it was down); serve if enabled.</summary>
    public void GoLive()
    {
        Invalidate();
        _live = _enabled;
    }

    /// <summary>The change signal is lost: stop serving and storing until it is back.</summary>
    public void GoDark()
    {
        _live = false;
        Invalidate();
    }

    public void Dispose() => _entries.Dispose();
}
