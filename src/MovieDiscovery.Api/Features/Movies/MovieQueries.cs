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

    // Deferred join: the page's ids come from the narrow listing index, then only those movies are read.

    public static readonly CompiledQuery<Func<AppDbContext, string, int, int, int, IAsyncEnumerable<MovieSummary>>> PageNewestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string country, int genre, int skip, int take) =>
            db.MovieListing.Where(l => l.CountryCode == country && l.GenreId == genre)
                .OrderByDescending(l => l.Year).ThenBy(l => l.MovieId)
                .Skip(skip).Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new MovieSummary(m.Id, m.Title, m.Year))));

    public static readonly CompiledQuery<Func<AppDbContext, string, int, int, int, IAsyncEnumerable<MovieSummary>>> PageOldestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string country, int genre, int skip, int take) =>
            db.MovieListing.Where(l => l.CountryCode == country && l.GenreId == genre)
                .OrderBy(l => l.Year).ThenBy(l => l.MovieId)
                .Skip(skip).Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new MovieSummary(m.Id, m.Title, m.Year))));

    // Keyset seeks: the rows after (year, id) in the list's order; the redundant bound on year keeps it an index range.

    public static readonly CompiledQuery<Func<AppDbContext, string, int, int, int, int, IAsyncEnumerable<MovieSummary>>> AfterNewestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string country, int genre, int year, int id, int take) =>
            db.MovieListing.Where(l => l.CountryCode == country && l.GenreId == genre && l.Year <= year && (l.Year < year || l.MovieId > id))
                .OrderByDescending(l => l.Year).ThenBy(l => l.MovieId)
                .Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new MovieSummary(m.Id, m.Title, m.Year))));

    public static readonly CompiledQuery<Func<AppDbContext, string, int, int, int, int, IAsyncEnumerable<MovieSummary>>> AfterOldestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string country, int genre, int year, int id, int take) =>
            db.MovieListing.Where(l => l.CountryCode == country && l.GenreId == genre && l.Year >= year && (l.Year > year || l.MovieId > id))
                .OrderBy(l => l.Year).ThenBy(l => l.MovieId)
                .Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new MovieSummary(m.Id, m.Title, m.Year))));

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
        };
    }
}
