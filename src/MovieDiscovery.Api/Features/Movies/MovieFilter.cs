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

    /// <summary><c>sort=leaving</c>: the current window's end, soonest first, open-ended last; ties by id ascending.</summary>
    Leaving,

    /// <summary><c>sort=arrived</c>: the current window's start, latest first, available since always last; ties by id ascending.</summary>
    Arrived,
}

/// <summary>
/// A valid discovery filter of <c>GET /v1/movies</c>: the movies available in <see cref="Country"/> that have any
/// (or, with <see cref="MatchAll"/>, every) genre of <see cref="Genres"/>, none of <see cref="ExcludedGenres"/>, a year
/// within the bounds, a title in which every word of <see cref="Query"/> starts a word (see <see cref="TitleWords"/>), and
/// a current window in the country that ends within <see cref="LeavingWithinDays"/> or started within
/// <see cref="ArrivedWithinDays"/> of the availability clock's now. An empty list or a null bound filters nothing.
/// </summary>
public sealed record MovieFilter(
    string Country,
    IReadOnlyList<int> Genres,
    bool MatchAll,
    IReadOnlyList<int> ExcludedGenres,
    int? YearFrom,
    int? YearTo,
    string? Query,
    MovieOrder Order,
    int? LeavingWithinDays = null,
    int? ArrivedWithinDays = null)
{
    /// <summary>Whether the list reads the current windows' bounds: to filter by them or to order by them.</summary>
    public bool ReadsWindows => WithinDays || Order is MovieOrder.Leaving or MovieOrder.Arrived;

    /// <summary>Whether the list keeps only windows that end or started within some days of now.</summary>
    public bool WithinDays => LeavingWithinDays is not null || ArrivedWithinDays is not null;
}

/// <summary>
/// Where a movie stands in a list: its relevance class (0 exact title, 1 title starting with the query, 2 the rest; 0
/// when the list is not by relevance), year and id; in a list by a window's bound, that bound as <see cref="Edge"/>.
/// </summary>
public readonly record struct MoviePosition(int Class, int Year, int Id, WindowEdge Edge = default);

/// <summary>
/// A current window's bound as a list by <c>leaving</c> or <c>arrived</c> orders it, in ticks (UTC): no end sorts after
/// every end (<see cref="Never"/>), no start before every start (<see cref="Always"/>).
/// </summary>
public readonly record struct WindowEdge(long Ticks)
{
    public static readonly WindowEdge Never = new(long.MaxValue);
    public static readonly WindowEdge Always = new(long.MinValue);

    public static WindowEdge End(DateTime? until) => until is { } instant ? new(instant.Ticks) : Never;

    public static WindowEdge Start(DateTime? from) => from is { } instant ? new(instant.Ticks) : Always;

    /// <summary>The instant, or null for <see cref="Never"/> and <see cref="Always"/>.</summary>
    public DateTime? Instant => Ticks is long.MaxValue or long.MinValue ? null : new DateTime(Ticks, DateTimeKind.Utc);

    /// <summary>Whether a cursor's key can be an edge: an instant a window can have, or one of the two ends.</summary>
    public static bool IsValid(long ticks) => ticks == long.MaxValue || ticks == long.MinValue || (ticks >= 0 && ticks <= DateTime.MaxValue.Ticks);
}

/// <summary>A movie of a filtered list, with its position in it.</summary>
public sealed record FoundMovie(MovieSummary Movie, MoviePosition Position);

/// <summary>One page of a filtered list and the exact number of movies in the whole list.</summary>
public sealed record FoundPage(long Total, IReadOnlyList<FoundMovie> Movies);
