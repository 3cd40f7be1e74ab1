namespace MovieDiscovery.Api.Data.Entities;

/// <summary>
/// A movie can be watched in a country now: the window of <see cref="AvailabilityWindow"/> that contains the
/// availability clock's now, with its bounds. Kept by the windows' triggers and the availability clock; the
/// listing, the saved lists and their counts follow it.
/// </summary>
public sealed class MovieAvailability
{
    public int MovieId { get; set; }
    public required string CountryCode { get; set; }

    /// <summary>The current window's start; null when it has always been available.</summary>
    public DateTime? AvailableFrom { get; set; }

    /// <summary>The current window's end (exclusive); null when open-ended.</summary>
    public DateTime? AvailableUntil { get; set; }

    public Movie Movie { get; set; } = null!;
    public Country Country { get; set; } = null!;
}
