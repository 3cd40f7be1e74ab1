namespace MovieDiscovery.Api.Features.Movies;

/// <summary>How many movies of a filtered list have one year (and relevance class, 0 unless the list is by relevance).</summary>
public readonly record struct YearCount(int Class, int Year, long Count);

/// <summary>
/// A run of a filtered list to read in list order, within one relevance class: from <see cref="StartYear"/> (the
/// movies of that year after id <see cref="AfterId"/>, then the years after it) to <see cref="EndYear"/>, the last
/// year of the class that has any movie, skipping <see cref="Skip"/> movies first.
/// </summary>
public readonly record struct SearchSegment(int Class, int StartYear, int AfterId, int EndYear, long Skip);

/// <summary>
/// Turns a list's counts per year into where its page starts, so that a page at any depth reads only from the year
/// it starts in, however many movies come before it (docs/decisions/0080-discovery-filters-from-one-index.md).
/// </summary>
public static class SearchPagePlan
{
    /// <summary>
    /// The segments a page is read from, in list order: the first starts at <paramref name="offset"/> (or right after
    /// <paramref name="after"/>), each later one at the start of the next class. Reading stops once the page is full,
    /// so the later ones are read only when a page spans classes. None when the page starts past the end.
    /// </summary>
    /// <remarks><paramref name="counts"/> are in list order: by class, then by year in the list's direction.</remarks>
    public static List<SearchSegment> Segments(IReadOnlyList<YearCount> counts, bool ascending, long offset, MoviePosition? after)
    {
        var segments = new List<SearchSegment>();
        var start = after is { } position ? StartAfter(counts, ascending, position) : StartAt(counts, offset);
        if (start is not { } first)
        {
            return segments;
        }

        segments.Add(first);
        var classes = counts.Select(c => c.Class).Distinct().Where(c => c > first.Class);
        segments.AddRange(classes.Select(c => new SearchSegment(c, FirstYear(counts, c), 0, LastYear(counts, c), 0)));
        return segments;
    }

    private static SearchSegment? StartAt(IReadOnlyList<YearCount> counts, long offset)
    {
        long before = 0;
        foreach (var count in counts)
        {
            if (before + count.Count > offset)
            {
                return new SearchSegment(count.Class, count.Year, 0, LastYear(counts, count.Class), offset - before);
            }

            before += count.Count;
        }

        return null;
    }

    private static SearchSegment? StartAfter(IReadOnlyList<YearCount> counts, bool ascending, MoviePosition after)
    {
        if (counts.Any(c => c.Class == after.Class))
        {
            var last = LastYear(counts, after.Class);
            if (ascending ? after.Year <= last : after.Year >= last)
            {
                return new SearchSegment(after.Class, after.Year, after.Id, last, 0);
            }
        }

        // Nothing of the cursor's class is left after it: the page starts with the next class that has movies.
        var next = counts.FirstOrDefault(c => c.Class > after.Class);
        return next.Count > 0 ? new SearchSegment(next.Class, next.Year, 0, LastYear(counts, next.Class), 0) : null;
    }

    private static int FirstYear(IReadOnlyList<YearCount> counts, int @class) => counts.First(c => c.Class == @class).Year;

    private static int LastYear(IReadOnlyList<YearCount> counts, int @class) => counts.Last(c => c.Class == @class).Year;
}
