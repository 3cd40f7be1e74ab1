namespace MovieDiscovery.Api.Data.Entities;

/// <summary>
/// What the discovery filters of the catalogue list read, on PostgreSQL: one row per movie per country it is
/// available in, with its year, its genres as a bit mask and its title's words (<c>title_words</c>), derived from
/// movies, availability and genre links and kept current by database triggers (Data/Sql/Postgres/catalogue_search.sql).
/// One index holds every column in list order, so a filtered list and its exact total are read from the index alone.
/// </summary>
public sealed class MovieSearch
{
    /// <summary>Genres 1 to this have a bit of their own in <see cref="GenreMask"/>.</summary>
    public const int MaskedGenres = 63;

    public required string CountryCode { get; set; }
    public int MovieId { get; set; }
    public int Year { get; set; }

    /// <summary>Bit g - 1 for each genre g up to <see cref="MaskedGenres"/>; the sign bit when the movie has a genre above it.</summary>
    public long GenreMask { get; set; }

    /// <summary>The movie's genres above <see cref="MaskedGenres"/>, in order; null when it has none.</summary>
    public int[]? OtherGenreIds { get; set; }

    public required string TitleWords { get; set; }
}
