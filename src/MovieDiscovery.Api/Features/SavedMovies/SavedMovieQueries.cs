using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>The saved list's and the save's queries, compiled once (see <see cref="CompiledQuery{TDelegate}"/>).</summary>
internal static class SavedMovieQueries
{
    /// <summary>
    /// How many of the user's saved movies are available in the country: one key lookup in the counts the
    /// database maintains (a sum over at most one row, so that a user without a row still gets one row: 0).
    /// </summary>
    public static readonly CompiledQuery<Func<AppDbContext, int, string, CancellationToken, Task<int>>> Total = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, CancellationToken _) =>
            db.SavedCounts.Where(c => c.UserId == userId && c.CountryCode == country).Sum(c => c.MovieCount)));

    public static readonly CompiledQuery<Func<AppDbContext, int, string, int, int, IAsyncEnumerable<SavedMovieSummary>>> PageNewestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, int skip, int take) =>
            db.SavedMovies.Where(s => s.UserId == userId && s.Movie.Availability.Any(a => a.CountryCode == country))
                .OrderByDescending(s => s.DateAdded).ThenBy(s => s.MovieId)
                .Skip(skip).Take(take)
                .Select(s => new SavedMovieSummary(s.Movie.Id, s.Movie.Title, s.Movie.Year, s.DateAdded))));

    public static readonly CompiledQuery<Func<AppDbContext, int, string, int, int, IAsyncEnumerable<SavedMovieSummary>>> PageOldestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, int skip, int take) =>
            db.SavedMovies.Where(s => s.UserId == userId && s.Movie.Availability.Any(a => a.CountryCode == country))
                .OrderBy(s => s.DateAdded).ThenBy(s => s.MovieId)
                .Skip(skip).Take(take)
                .Select(s => new SavedMovieSummary(s.Movie.Id, s.Movie.Title, s.Movie.Year, s.DateAdded))));

    // Keyset seeks: the rows after (date added, movie id) in the list's order.

    public static readonly CompiledQuery<Func<AppDbContext, int, string, DateTime, int, int, IAsyncEnumerable<SavedMovieSummary>>> AfterNewestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, DateTime added, int id, int take) =>
            db.SavedMovies.Where(s => s.UserId == userId && s.Movie.Availability.Any(a => a.CountryCode == country)
                    && s.DateAdded <= added && (s.DateAdded < added || s.MovieId > id))
                .OrderByDescending(s => s.DateAdded).ThenBy(s => s.MovieId)
                .Take(take)
                .Select(s => new SavedMovieSummary(s.Movie.Id, s.Movie.Title, s.Movie.Year, s.DateAdded))));

    public static readonly CompiledQuery<Func<AppDbContext, int, string, DateTime, int, int, IAsyncEnumerable<SavedMovieSummary>>> AfterOldestFirst = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int userId, string country, DateTime added, int id, int take) =>
            db.SavedMovies.Where(s => s.UserId == userId && s.Movie.Availability.Any(a => a.CountryCode == country)
                    && s.DateAdded >= added && (s.DateAdded > added || s.MovieId > id))
                .OrderBy(s => s.DateAdded).ThenBy(s => s.MovieId)
                .Take(take)
                .Select(s => new SavedMovieSummary(s.Movie.Id, s.Movie.Title, s.Movie.Year, s.DateAdded))));

    /// <summary>Null when the movie does not exist; else whether it is available in the country.</summary>
    public static readonly CompiledQuery<Func<AppDbContext, int, string, CancellationToken, Task<bool?>>> Availability = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, int movieId, string country, CancellationToken _) =>
            db.Movies.Where(m => m.Id == movieId).Select(m => (bool?)m.Availability.Any(a => a.CountryCode == country)).SingleOrDefault()));
}
