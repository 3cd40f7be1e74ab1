namespace MovieDiscovery.Api.Data.Entities;

/// <summary>
/// The catalogue listing, derived from availability × genres and kept current by database triggers:
/// one row per (country, genre, movie), plus one with <see cref="AllGenres"/> per (country, movie).
/// It lets a list of any country and genre be read in order straight from one index, at any depth.
/// </summary>
public sealed class MovieListing
{
    /// <summary>The <see cref="GenreId"/> of the rows that list a country's whole catalogue.</summary>
    public const int AllGenres = 0;

    public required string CountryCode { get; set; }
    public int GenreId { get; set; }
    public int Year { get; set; }
    public int MovieId { get; set; }
}
