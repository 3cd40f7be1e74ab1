namespace MovieDiscovery.Api.Data.Entities;

public sealed class Genre
{
    public int Id { get; set; }
    public required string Name { get; set; }

    public List<MovieGenre> Movies { get; } = [];
}
