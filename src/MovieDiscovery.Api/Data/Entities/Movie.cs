namespace MovieDiscovery.Api.Data.Entities;

public sealed class Movie
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public int Year { get; set; }
    public int? RuntimeMinutes { get; set; }
    public string? Overview { get; set; }

    /// <summary>The movie's id in the licensing feed that imports it (Features/Feed); null for a movie created otherwise.</summary>
    public string? ExternalId { get; set; }

    public List<MovieGenre> Genres { get; } = [];
    public List<CastMember> Cast { get; } = [];
    public List<MovieAvailability> Availability { get; } = [];
    public List<AvailabilityWindow> Windows { get; } = [];
}
