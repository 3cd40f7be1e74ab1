using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Genres;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>
/// The catalogue's queries. The hot ones are compiled once: a request binds parameters to an already
/// translated query instead of building and looking up a LINQ tree each time. Each list order has its
/// own query, so each reads straight along its own index.
/// </summary>
internal static class MovieQueries
{
    public static readonly CompiledQuery<Func<AppDbContext, string, int, CancellationToken, Task<int>>> Total = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string country, int genre, CancellationToken _) =>
            db.ListingCounts.Where(c => c.CountryCode == country && c.GenreId == genre).Select(c => c.MovieCount).SingleOrDefault()));

    // Deferred join: the page's ids come from the narrow listing index, then only those movies (and the end of their
    // window in the country, one key lookup each) are read.

    public static readonly CompiledQuery<Func<AppDbContext, string, int, int, int, IAsyncEnumerable<MovieListItem>>> PageNewestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string country, int genre, int skip, int take) =>
            db.MovieListing.Where(l => l.CountryCode == country && l.GenreId == genre)
                .OrderByDescending(l => l.Year).ThenBy(l => l.MovieId)
                .Skip(skip).Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new MovieListItem(m.Id, m.Title, m.Year, m.ExternalId,
                    m.Availability.Where(a => a.CountryCode == country).Select(a => a.AvailableUntil).FirstOrDefault()))));

    public static readonly CompiledQuery<Func<AppDbContext, string, int, int, int, IAsyncEnumerable<MovieListItem>>> PageOldestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string country, int genre, int skip, int take) =>
            db.MovieListing.Where(l => l.CountryCode == country && l.GenreId == genre)
                .OrderBy(l => l.Year).ThenBy(l => l.MovieId)
                .Skip(skip).Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new MovieListItem(m.Id, m.Title, m.Year, m.ExternalId,
                    m.Availability.Where(a => a.CountryCode == country).Select(a => a.AvailableUntil).FirstOrDefault()))));

    // Keyset seeks: the rows after (year, id) in the list's order; the redundant bound on year keeps it an index range.

    public static readonly CompiledQuery<Func<AppDbContext, string, int, int, int, int, IAsyncEnumerable<MovieListItem>>> AfterNewestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string country, int genre, int year, int id, int take) =>
            db.MovieListing.Where(l => l.CountryCode == country && l.GenreId == genre && l.Year <= year && (l.Year < year || l.MovieId > id))
                .OrderByDescending(l => l.Year).ThenBy(l => l.MovieId)
                .Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new MovieListItem(m.Id, m.Title, m.Year, m.ExternalId,
                    m.Availability.Where(a => a.CountryCode == country).Select(a => a.AvailableUntil).FirstOrDefault()))));

    public static readonly CompiledQuery<Func<AppDbContext, string, int, int, int, int, IAsyncEnumerable<MovieListItem>>> AfterOldestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string country, int genre, int year, int id, int take) =>
            db.MovieListing.Where(l => l.CountryCode == country && l.GenreId == genre && l.Year >= year && (l.Year > year || l.MovieId > id))
                .OrderBy(l => l.Year).ThenBy(l => l.MovieId)
                .Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new MovieListItem(m.Id, m.Title, m.Year, m.ExternalId,
                    m.Availability.Where(a => a.CountryCode == country).Select(a => a.AvailableUntil).FirstOrDefault()))));

    /// <summary>One query for a movie and its genres, cast (in billing order), countries and the windows that end after <c>now</c> and start by <c>horizon</c>.</summary>
    public static readonly CompiledQuery<Func<AppDbContext, int, DateTime, DateTime, CancellationToken, Task<MovieDetail?>>> Detail = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int movieId, DateTime now, DateTime horizon, CancellationToken _) =>
            db.Movies
                .Where(m => m.Id == movieId)
                .Select(m => new MovieDetail(
                    m.Id,
                    m.Title,
                    m.Year,
                    m.ExternalId,
                    m.RuntimeMinutes,
                    m.Overview,
                    m.Genres.OrderBy(g => g.Genre.Name).Select(g => new GenreResponse(g.Genre.Id, g.Genre.Name)).ToList(),
                    m.Cast.OrderBy(c => c.Billing).Select(c => new ActorResponse(c.Actor.Id, c.Actor.Name)).ToList(),
                    m.Availability.OrderBy(a => a.CountryCode).Select(a => a.CountryCode).ToList(),
                    m.Windows
                        .Where(w => (w.AvailableUntil == null || w.AvailableUntil > now) && (w.AvailableFrom == null || w.AvailableFrom <= horizon))
                        .OrderBy(w => w.CountryCode).ThenBy(w => w.AvailableFrom)
                        .Select(w => new CountryWindow(w.CountryCode, w.AvailableFrom, w.AvailableUntil))
                        .ToList()))
                .SingleOrDefault()));

    /// <summary>
    /// The page's movies as list items, in the page's order: each with its feed id and the end of its window in
    /// <paramref name="country"/>, read by primary key after the page. A movie whose window ended between the two reads
    /// shows no end; the next request no longer lists it.
    /// </summary>
    public static async Task<List<MovieListItem>> ListItemsAsync(
        AppDbContext db, string country, IReadOnlyList<MovieSummary> movies, CancellationToken cancellationToken)
    {
        if (movies.Count == 0)
        {
            return [];
        }

        var ids = movies.Select(m => m.Id).ToList();
        var extras = await db.Movies.Where(m => ids.Contains(m.Id))
            .Select(m => new
            {
                m.Id,
                m.ExternalId,
                Until = m.Availability.Where(a => a.CountryCode == country).Select(a => a.AvailableUntil).FirstOrDefault(),
            })
            .ToDictionaryAsync(e => e.Id, cancellationToken);
        return [.. movies.Select(m => extras.TryGetValue(m.Id, out var extra)
            ? new MovieListItem(m.Id, m.Title, m.Year, extra.ExternalId, extra.Until is { } until ? DateTime.SpecifyKind(until, DateTimeKind.Utc) : null)
            : new MovieListItem(m.Id, m.Title, m.Year, null, null))];
    }

    /// <summary>The availability clock's now: every rule of availability reads it (Features/Availability).</summary>
    public static readonly CompiledQuery<Func<AppDbContext, CancellationToken, Task<DateTime>>> AvailabilityNow = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, CancellationToken _) => db.AvailabilityClock.Select(c => c.AppliedUntil).Single()));

    /// <summary>A movie and its genres, cast, countries and windows, with the related lists capped at their documented bound.</summary>
    public static async Task<MovieDetail?> FindDetailAsync(AppDbContext db, int movieId, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            return await MovieDetailOnPostgres.FindAsync(db, movieId, cancellationToken);
        }

        var now = await AvailabilityNow.For(db)(db, cancellationToken);
        var movie = await Detail.For(db)(db, movieId, now, now + MovieDetail.UpcomingWithin, cancellationToken);
        // SQLite cannot limit a collection inside the query (no APPLY), so the cap is applied here.
        return movie is null ? null : movie with
        {
            Genres = [.. movie.Genres.Take(MovieDetail.MaxRelatedItems)],
            Cast = [.. movie.Cast.Take(MovieDetail.MaxRelatedItems)],
            Availability = [.. movie.Availability.Take(MovieDetail.MaxWindowsShown)],
        };
    }

    /// <summary>
    /// A page of a filtered list (genres, years, title words, windows; any order) and its exact total: on PostgreSQL from
    /// the search table the database keeps (<see cref="MovieSearchOnPostgres"/>) or, when the list reads the current
    /// windows, from movie_availability (<see cref="MovieWindowsOnPostgres"/>); elsewhere from the base tables.
    /// </summary>
    public static Task<FoundPage> FindAsync(
        AppDbContext db, MovieFilter filter, long offset, int take, MoviePosition? after, CancellationToken cancellationToken) =>
        (db.Provider, filter.ReadsWindows) switch
        {
            (DatabaseProvider.Postgres, false) => MovieSearchOnPostgres.FindAsync(db, filter, offset, take, after, cancellationToken),
            (DatabaseProvider.Postgres, true) => MovieWindowsOnPostgres.FindAsync(db, filter, offset, take, after, cancellationToken),
            _ => FindWithEfAsync(db, filter, offset, take, after, cancellationToken),
        };

    /// <summary>The filtered list over the base tables, with title_words computed per movie: for SQLite's demo-sized catalogues.</summary>
    private static async Task<FoundPage> FindWithEfAsync(
        AppDbContext db, MovieFilter filter, long offset, int take, MoviePosition? after, CancellationToken cancellationToken)
    {
        var (country, genres, excluded) = (filter.Country, filter.Genres, filter.ExcludedGenres);
        var movies = db.Movies.Where(m => m.Availability.Any(a => a.CountryCode == country));
        if (filter.YearFrom is { } from)
        {
            movies = movies.Where(m => m.Year >= from);
        }

        if (filter.YearTo is { } to)
        {
            movies = movies.Where(m => m.Year <= to);
        }

        if (genres.Count > 0 && !filter.MatchAll)
        {
            movies = movies.Where(m => m.Genres.Any(g => genres.Contains(g.GenreId)));
        }

        foreach (var genre in filter.MatchAll ? genres : [])
        {
            movies = movies.Where(m => m.Genres.Any(g => g.GenreId == genre));
        }

        if (excluded.Count > 0)
        {
            movies = movies.Where(m => !m.Genres.Any(g => excluded.Contains(g.GenreId)));
        }

        // Only "within days" needs the clock's now; an order by a bound alone does not.
        if (filter.WithinDays)
        {
            var now = await AvailabilityNow.For(db)(db, cancellationToken);
            if (filter.LeavingWithinDays is { } leaving)
            {
                var by = now.AddDays(leaving);
                movies = movies.Where(m => m.Availability.Any(a => a.CountryCode == country && a.AvailableUntil != null && a.AvailableUntil <= by));
            }

            if (filter.ArrivedWithinDays is { } arrived)
            {
                var since = now.AddDays(-arrived);
                movies = movies.Where(m => m.Availability.Any(a => a.CountryCode == country && a.AvailableFrom != null && a.AvailableFrom >= since));
            }
        }

        var (exact, start) = ("", "");
        if (filter.Query is { } query)
        {
            var words = TitleWords.Split(query);
            if (words.Length == 0)
            {
                return new FoundPage(0, []);
            }

            foreach (var pattern in words.Select(word => $"% {word}%"))
            {
                movies = movies.Where(m => EF.Functions.Like(TitleWords.InDatabase(m.Title), pattern));
            }

            (exact, start) = (TitleWords.Of(query), $" {string.Join(' ', words)}%");
        }

        // The relevance class: 0 the exact title, 1 a title that starts with the query, 2 the rest (0 without a query).
        var ranked = movies.Select(m => new
        {
            m.Id,
            m.Title,
            m.Year,
            Class = filter.Query == null ? 0
                : TitleWords.InDatabase(m.Title) == exact ? 0
                : EF.Functions.Like(TitleWords.InDatabase(m.Title), start) ? 1 : 2,
            AvailableFrom = m.Availability.Where(a => a.CountryCode == country).Select(a => a.AvailableFrom).FirstOrDefault(),
            AvailableUntil = m.Availability.Where(a => a.CountryCode == country).Select(a => a.AvailableUntil).FirstOrDefault(),
        });
        var total = await ranked.LongCountAsync(cancellationToken);
        if (after is null && offset >= total)
        {
            return new FoundPage(total, []);
        }

        // Open ends sort after every end, starts since always after every start (SQLite puts NULL first unless told).
        var ordered = filter.Order switch
        {
            MovieOrder.OldestFirst => ranked.OrderBy(m => m.Year).ThenBy(m => m.Id),
            MovieOrder.NewestFirst => ranked.OrderByDescending(m => m.Year).ThenBy(m => m.Id),
            MovieOrder.Leaving => ranked.OrderBy(m => m.AvailableUntil == null).ThenBy(m => m.AvailableUntil).ThenBy(m => m.Id),
            MovieOrder.Arrived => ranked.OrderBy(m => m.AvailableFrom == null).ThenByDescending(m => m.AvailableFrom).ThenBy(m => m.Id),
            _ => ranked.OrderBy(m => m.Class).ThenByDescending(m => m.Year).ThenBy(m => m.Id),
        };
        var page = after is not { } position ? ordered.Skip((int)offset) : (filter.Order, position.Edge.Instant) switch
        {
            (MovieOrder.OldestFirst, _) => ordered.Where(m => m.Year > position.Year || (m.Year == position.Year && m.Id > position.Id)),
            (MovieOrder.NewestFirst, _) => ordered.Where(m => m.Year < position.Year || (m.Year == position.Year && m.Id > position.Id)),
            (MovieOrder.Leaving, { } end) => ordered.Where(m => m.AvailableUntil == null || m.AvailableUntil > end
                || (m.AvailableUntil == end && m.Id > position.Id)),
            (MovieOrder.Arrived, { } begin) => ordered.Where(m => m.AvailableFrom == null || m.AvailableFrom < begin
                || (m.AvailableFrom == begin && m.Id > position.Id)),
            (MovieOrder.Leaving, null) => ordered.Where(m => m.AvailableUntil == null && m.Id > position.Id),
            (MovieOrder.Arrived, null) => ordered.Where(m => m.AvailableFrom == null && m.Id > position.Id),
            _ => ordered.Where(m => m.Class > position.Class
                || (m.Class == position.Class && (m.Year < position.Year || (m.Year == position.Year && m.Id > position.Id)))),
        };
        var rows = await page.Take(take).ToListAsync(cancellationToken);
        return new FoundPage(total, [.. rows.Select(m => new FoundMovie(
            new MovieSummary(m.Id, m.Title, m.Year),
            new MoviePosition(m.Class, m.Year, m.Id, filter.Order switch
            {
                MovieOrder.Leaving => WindowEdge.End(m.AvailableUntil),
                MovieOrder.Arrived => WindowEdge.Start(m.AvailableFrom),
                _ => default,
            })))]);
    }
}
