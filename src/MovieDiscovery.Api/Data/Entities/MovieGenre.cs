namespace MovieDiscovery.Api.Data.Entities;

/// <summary>Links a movie to one of its genres (a movie can have several).</summary>
public sealed class MovieGenre
{
    public int MovieId { get; set; }
    public int GenreId { get; set; }

    public Movie Movie { get; set; } = null!;
    public Genre Genre { get; set; } = null!;
}
