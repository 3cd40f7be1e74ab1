using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Movies;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>The saved list's and the save's queries; the hot ones compiled once (see <see cref="CompiledQuery{TDelegate}"/>).</summary>
internal static class SavedMovieQueries
{
    /// <summary>
    /// How many of the user's saved movies are available in the country: one key lookup in the counts the
    /// database maintains (a sum over at most one row, so that a user without a row still gets one row: 0).
    /// </summary>
    public static readonly CompiledQuery<Func<AppDbContext, int, string, CancellationToken, Task<int>>> Total = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, CancellationToken _) =>
            db.SavedCounts.Where(c => c.UserId == userId && c.CountryCode == country).Sum(c => c.MovieCount)));

    // A page is read from saved_listing (one row per save and country it is available in) in the list's
    // order; only its movies are then read (a deferred join).

    public static readonly CompiledQuery<Func<AppDbContext, int, string, int, int, IAsyncEnumerable<SavedMovieSummary>>> PageNewestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, int skip, int take) =>
            db.SavedListing.Where(l => l.UserId == userId && l.CountryCode == country)
                .OrderByDescending(l => l.DateAdded).ThenBy(l => l.MovieId)
                .Skip(skip).Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new SavedMovieSummary(m.Id, m.Title, m.Year, l.DateAdded))));

    public static readonly CompiledQuery<Func<AppDbContext, int, string, int, int, IAsyncEnumerable<SavedMovieSummary>>> PageOldestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, int skip, int take) =>
            db.SavedListing.Where(l => l.UserId == userId && l.CountryCode == country)
                .OrderBy(l => l.DateAdded).ThenBy(l => l.MovieId)
                .Skip(skip).Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new SavedMovieSummary(m.Id, m.Title, m.Year, l.DateAdded))));

    // Keyset seeks: the rows after (date added, movie id) in the list's order.

    public static readonly CompiledQuery<Func<AppDbContext, int, string, DateTime, int, int, IAsyncEnumerable<SavedMovieSummary>>> AfterNewestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, DateTime added, int id, int take) =>
            db.SavedListing.Where(l => l.UserId == userId && l.CountryCode == country
                    && l.DateAdded <= added && (l.DateAdded < added || l.MovieId > id))
                .OrderByDescending(l => l.DateAdded).ThenBy(l => l.MovieId)
                .Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new SavedMovieSummary(m.Id, m.Title, m.Year, l.DateAdded))));

    public static readonly CompiledQuery<Func<AppDbContext, int, string, DateTime, int, int, IAsyncEnumerable<SavedMovieSummary>>> AfterOldestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, DateTime added, int id, int take) =>
            db.SavedListing.Where(l => l.UserId == userId && l.CountryCode == country
                    && l.DateAdded >= added && (l.DateAdded > added || l.MovieId > id))
                .OrderBy(l => l.DateAdded).ThenBy(l => l.MovieId)
                .Take(take)
                .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new SavedMovieSummary(m.Id, m.Title, m.Year, l.DateAdded))));

    /// <summary>Null when the movie does not exist; else whether it is available in the country.</summary>
    public static readonly CompiledQuery<Func<AppDbContext, int, string, CancellationToken, Task<bool?>>> Availability = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int movieId, string country, CancellationToken _) =>
            db.Movies.Where(m => m.Id == movieId).Select(m => (bool?)m.Availability.Any(a => a.CountryCode == country)).SingleOrDefault()));

    /// <summary>The countries where a movie is available, in order.</summary>
    public static readonly CompiledQuery<Func<AppDbContext, int, IAsyncEnumerable<string>>> AvailableIn = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int movieId) =>
            db.MovieAvailability.Where(a => a.MovieId == movieId).OrderBy(a => a.CountryCode).Select(a => a.CountryCode)));

    /// <summary>
    /// Saves a movie available in the country to the user's list and gives its detail, or says why not.
    /// PostgreSQL does it in one statement (<see cref="SaveMovieOnPostgres"/>); elsewhere it takes three.
    /// </summary>
    public static Task<SaveResult> SaveAsync(
        AppDbContext db, int userId, int movieId, string country, CancellationToken cancellationToken) =>
        db.Provider == DatabaseProvider.Postgres
            ? SaveMovieOnPostgres.SaveAsync(db, userId, movieId, country, cancellationToken)
            : SaveWithEfAsync(db, userId, movieId, country, cancellationToken);

    /// <summary>Check, insert, then read the detail, through EF Core (SQLite uses it).</summary>
    private static async Task<SaveResult> SaveWithEfAsync(
        AppDbContext db, int userId, int movieId, string country, CancellationToken cancellationToken)
    {
        var available = await Availability.For(db)(db, movieId, country, cancellationToken);
        if (available is not true)
        {
            return available is null ? SaveResult.MovieNotFound : SaveResult.Unavailable(await AvailableIn.For(db)(db, movieId).ToListAsync(cancellationToken));
        }

        // The primary key decides between concurrent saves: exactly one insert wins, the rest return no row.
        // The date is the database's clock (milliseconds), written as EF Core writes dates, so they sort as text.
        var inserted = await db.Database.SqlQuery<DateTime>($"""
            INSERT INTO saved_movies (user_id, movie_id, date_added)
            VALUES ({userId}, {movieId}, rtrim(rtrim(strftime('%Y-%m-%d %H:%M:%f', 'now'), '0'), '.'))
            ON CONFLICT DO NOTHING
            RETURNING date_added AS "Value"
            """).ToListAsync(cancellationToken);
        return inserted.Count == 0
            ? SaveResult.Duplicate
            : SaveResult.Saved((await MovieQueries.FindDetailAsync(db, movieId, cancellationToken))!, DateTime.SpecifyKind(inserted[0], DateTimeKind.Utc));
    }

    /// <summary>
    /// The saves and removes of a batch, each as its single route would do it, in the order given. On PostgreSQL one
    /// statement does all the saves and one all the removes (<see cref="SaveBatchOnPostgres"/>); elsewhere each item
    /// runs on its own.
    /// </summary>
    public static async Task<(List<SaveResult> Saved, List<bool> Removed)> SaveBatchAsync(
        AppDbContext db, int userId, string country, IReadOnlyList<int> save, IReadOnlyList<int> remove, CancellationToken cancellationToken)
    {
        var saved = new List<SaveResult>(save.Count);
        var removed = new List<bool>(remove.Count);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            saved = save.Count == 0 ? saved : await SaveBatchOnPostgres.SaveAsync(db, userId, save, country, cancellationToken);
            removed = remove.Count == 0 ? removed : await SaveBatchOnPostgres.RemoveAsync(db, userId, remove, cancellationToken);
            return (saved, removed);
        }

        foreach (var movieId in save)
        {
            saved.Add(await SaveWithEfAsync(db, userId, movieId, country, cancellationToken));
        }

        foreach (var movieId in remove)
        {
            removed.Add(await db.SavedMovies.Where(s => s.UserId == userId && s.MovieId == movieId).ExecuteDeleteAsync(cancellationToken) > 0);
        }

        return (saved, removed);
    }
}
