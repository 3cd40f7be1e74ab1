namespace MovieDiscovery.Api.Data.Entities;

/// <summary>A movie can be watched in a country.</summary>
public sealed class MovieAvailability
{
    public int MovieId { get; set; }
    public required string CountryCode { get; set; }

    public Movie Movie { get; set; } = null!;
    public Country Country { get; set; } = null!;
}
