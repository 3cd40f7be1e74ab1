using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MovieDiscovery.Api.Infrastructure.Json;

/// <summary>
/// An instant as RFC 3339 text with its offset ("2026-12-01T00:00:00Z", "2026-12-01T01:00:00+01:00"), read as UTC and
/// kept to the microsecond (what PostgreSQL stores, so both databases give back what they were given). Text without an
/// offset names no instant and is refused. Written in UTC with a "Z".
/// </summary>
public sealed class UtcInstantConverter : JsonConverter<DateTime>
{
    public const string Problem = "must be a date-time with a time zone, such as 2026-12-01T00:00:00Z";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value) || !HasOffset(reader.GetString()!))
        {
            throw new JsonException(Problem);
        }

        return ToMicroseconds(value.UtcDateTime);
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>The instant without its sub-microsecond ticks.</summary>
    public static DateTime ToMicroseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    /// <summary>RFC 3339 ends a date-time with Z or ±hh:mm; a date, or a time without either, is local to no one.</summary>
    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return time > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.AsSpan(time).IndexOfAny('+', '-') > 0);
    }

    /// <summary>How the feed and the API write an instant: ISO 8601 in UTC, fractions only when there are some.</summary>
    public static string Format(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
