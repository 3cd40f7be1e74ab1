namespace MovieDiscovery.Api.Data.Entities;

/// <summary>
/// A licence to show a movie in a country from <see cref="AvailableFrom"/> (null: since always) until just before
/// <see cref="AvailableUntil"/> (null: open-ended), in UTC. The windows of one (movie, country) never overlap.
/// <see cref="MovieAvailability"/> holds the window that contains the availability clock's now
/// (<see cref="AvailabilityClock"/>), so every read of "available" is a key lookup.
/// </summary>
public sealed class AvailabilityWindow
{
    public int Id { get; set; }
    public int MovieId { get; set; }
    public required string CountryCode { get; set; }
    public DateTime? AvailableFrom { get; set; }
    public DateTime? AvailableUntil { get; set; }

    public Movie Movie { get; set; } = null!;
    public Country Country { get; set; } = null!;
}
