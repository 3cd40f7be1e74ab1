namespace MovieDiscovery.Api.Features.Movies;

/// <summary>The orders of the movie list.</summary>
public enum MovieOrder
{
    /// <summary><c>sort=-year</c>: year descending, ties by id ascending.</summary>
    NewestFirst,

    /// <summary><c>sort=year</c>: year ascending, ties by id ascending.</summary>
    OldestFirst,

    /// <summary><c>sort=relevance</c>: the exact title, then titles that start with <c>q</c>, then the rest; each newest first.</summary>
    Relevance,
}

/// <summary>
/// A valid discovery filter of <c>GET /v1/movies</c>: the movies available in <see cref="Country"/> that have any
/// (or, with <see cref="MatchAll"/>, every) genre of <see cref="Genres"/>, none of <see cref="ExcludedGenres"/>, a year
/// within the bounds, and a title in which every word of <see cref="Query"/> starts a word (see <see cref="TitleWords"/>).
/// An empty list or a null bound filters nothing.
/// </summary>
public sealed record MovieFilter(
    string Country,
    IReadOnlyList<int> Genres,
    bool MatchAll,
    IReadOnlyList<int> ExcludedGenres,
    int? YearFrom,
    int? YearTo,
    string? Query,
    MovieOrder Order);

/// <summary>Where a movie stands in a list: its relevance class (0 exact title, 1 title starting with the query, 2 the rest; 0 when the list is not by relevance), year and id.</summary>
public readonly record struct MoviePosition(int Class, int Year, int Id);

/// <summary>A movie of a filtered list, with its position in it.</summary>
public sealed record FoundMovie(MovieSummary Movie, MoviePosition Position);

/// <summary>One page of a filtered list and the exact number of movies in the whole list.</summary>
public sealed record FoundPage(long Total, IReadOnlyList<FoundMovie> Movies);
