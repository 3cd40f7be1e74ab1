namespace MovieDiscovery.Api.Data.Entities;

public sealed class Movie
{
    public int Id { get; set; }
    public required string Title { get; set; }
    public int Year { get; set; }
    public int? RuntimeMinutes { get; set; }
    public string? Overview { get; set; }

    public List<MovieGenre> Genres { get; } = [];
    public List<CastMember> Cast { get; } = [];
    public List<MovieAvailability> Availability { get; } = [];
}
