using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Json;

namespace MovieDiscovery.Api.Features.Feed;

/// <summary>
/// Writes the catalogue as a feed, one movie a line, in the order of external ids (ordinal), every key present:
/// genres by name, cast in billing order, every window by country then start. A movie created otherwise is given
/// the external id <c>movie-{id}</c>. So export, import into an empty database, export again gives the same file.
/// </summary>
public static class FeedExport
{
    public const string GeneratedIdPrefix = "movie-";

    private static readonly JsonWriterOptions s_writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> WriteAsync(AppDbContext db, Stream output, Action<int>? progress, CancellationToken cancellationToken)
    {
        var keys = (await db.Movies.Select(m => new { m.Id, m.ExternalId }).ToListAsync(cancellationToken))
            .Select(m => (m.Id, Key: m.ExternalId ?? GeneratedIdPrefix + m.Id))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .ToList();
        var written = 0;
        foreach (var chunk in keys.Chunk(FeedImport.BatchSize))
        {
            var ids = chunk.Select(m => m.Id).ToList();
            var movies = (await db.Movies.Where(m => ids.Contains(m.Id)).AsSplitQuery()
                .Select(m => new
                {
                    m.Id,
                    m.Title,
                    m.Year,
                    m.RuntimeMinutes,
                    m.Overview,
                    Genres = m.Genres.Select(g => g.Genre.Name).ToList(),
                    Cast = m.Cast.OrderBy(c => c.Billing).Select(c => c.Actor.Name).ToList(),
                    Windows = m.Windows.Select(w => new { w.CountryCode, w.AvailableFrom, w.AvailableUntil }).ToList(),
                })
                .ToListAsync(cancellationToken)).ToDictionary(m => m.Id);
            foreach (var (id, key) in chunk)
            {
                var movie = movies[id];
                await using (var writer = new Utf8JsonWriter(output, s_writer))
                {
                    writer.WriteStartObject();
                    writer.WriteString("external_id", key);
                    writer.WriteString("title", movie.Title);
                    writer.WriteNumber("year", movie.Year);
                    if (movie.RuntimeMinutes is { } runtime)
                    {
                        writer.WriteNumber("runtime_minutes", runtime);
                    }
                    else
                    {
                        writer.WriteNull("runtime_minutes");
                    }

                    writer.WriteString("overview", movie.Overview);
                    writer.WriteStartArray("genres");
                    movie.Genres.Order(StringComparer.Ordinal).ToList().ForEach(writer.WriteStringValue);
                    writer.WriteEndArray();
                    writer.WriteStartArray("cast");
                    movie.Cast.ForEach(writer.WriteStringValue);
                    writer.WriteEndArray();
                    writer.WriteStartArray("availability");
                    foreach (var window in movie.Windows.OrderBy(w => w.CountryCode, StringComparer.Ordinal).ThenBy(w => w.AvailableFrom ?? DateTime.MinValue))
                    {
                        writer.WriteStartObject();
                        writer.WriteString("country", window.CountryCode);
                        writer.WriteString("available_from", window.AvailableFrom is { } from ? UtcInstantConverter.Format(from) : null);
                        writer.WriteString("available_until", window.AvailableUntil is { } until ? UtcInstantConverter.Format(until) : null);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                output.WriteByte((byte)'\n');
                written++;
            }

            progress?.Invoke(written);
        }

        return written;
    }
}
