using System.Globalization;

namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>Strict parsers for raw query and route values: no silent clamping, no guessing.</summary>
public static class QueryValues
{
    /// <summary>An integer in [min, max]; <paramref name="fallback"/> when absent.</summary>
    public static int IntInRange(string? raw, string name, int min, int max, int fallback, RequestErrors errors) =>
        raw is null ? fallback : IntInRange(raw, name, min, max, errors) ?? fallback;

    /// <summary>A present integer in [min, max], or null (and an error) when it is not one.</summary>
    public static int? IntInRange(string raw, string name, int min, int max, RequestErrors errors)
    {
        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(name, max == int.MaxValue
            ? $"must be an integer of at least {min}"
            : $"must be an integer from {min} to {max}");
        return null;
    }

    /// <summary>An id (a positive integer), or null when absent or invalid.</summary>
    public static int? OptionalId(string? raw, string name, RequestErrors errors) =>
        raw is null ? null : IntInRange(raw, name, 1, int.MaxValue, errors);

    /// <summary>A required id (a positive integer); 0 when invalid (the request is then rejected).</summary>
    public static int RequiredId(string? raw, string name, RequestErrors errors)
    {
        if (raw is null)
        {
            errors.Add(name, "is required");
            return 0;
        }

        return IntInRange(raw, name, 1, int.MaxValue, errors) ?? 0;
    }

    /// <summary>An assigned ISO-3166-1 alpha-2 code, normalised to upper case; null when invalid.</summary>
    public static string? Country(string? raw, string name, RequestErrors errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            errors.Add(name, "is required: an ISO-3166-1 alpha-2 country code such as US");
            return null;
        }

        if (CountryCodes.TryNormalize(raw, out var code))
        {
            return code;
        }

        errors.Add(name, "must be an assigned ISO-3166-1 alpha-2 country code such as US");
        return null;
    }

    /// <summary>One of <paramref name="allowed"/> (exact match); <paramref name="fallback"/> when absent.</summary>
    public static string OneOf(string? raw, string name, IReadOnlyList<string> allowed, string fallback, RequestErrors errors)
    {
        if (raw is null)
        {
            return fallback;
        }

        if (allowed.Contains(raw, StringComparer.Ordinal))
        {
            return raw;
        }

        errors.Add(name, $"must be one of: {string.Join(", ", allowed)}");
        return fallback;
    }
}
