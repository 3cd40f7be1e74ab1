using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Availability;

/// <summary>Writes of one (movie, country)'s windows; the windows' triggers apply them to movie_availability in the same transaction.</summary>
internal static class AvailabilityWrites
{
    /// <summary>
    /// Replaces the pair's windows with <paramref name="windows"/> (already checked by <see cref="WindowRules"/>), adding
    /// the country to the catalogue if it is new; returns the pair's windows in order, or null when there is no such movie.
    /// Only the windows that differ are deleted or inserted, so a repeated PUT changes nothing.
    /// </summary>
    public static async Task<IReadOnlyList<(DateTime? From, DateTime? Until)>?> ReplaceAsync(
        AppDbContext db, int movieId, string country, IReadOnlyList<(DateTime? From, DateTime? Until)> windows, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // On SQLite the transaction holds the database's write lock already.
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Before any lock on a movie, as every writer of windows does (Data/Sql/Postgres/availability_windows.sql).
            await db.Database.ExecuteSqlAsync($"SELECT lock_availability_for_write()", cancellationToken);
            // Two writers of one movie's windows take turns; the second reads what the first stored.
            var locked = await db.Database.SqlQuery<int>($"SELECT id AS \"Value\" FROM movies WHERE id = {movieId} FOR NO KEY UPDATE")
                .ToListAsync(cancellationToken);
            if (locked.Count == 0)
            {
                return null;
            }
        }
        else if (!await db.Movies.AnyAsync(m => m.Id == movieId, cancellationToken))
        {
            return null;
        }

        await AddCountryAsync(db, country, cancellationToken);
        var pair = db.AvailabilityWindows.Where(w => w.MovieId == movieId && w.CountryCode == country);
        var existing = await pair.Select(w => new { w.Id, w.AvailableFrom, w.AvailableUntil }).ToListAsync(cancellationToken);
        var gone = existing.Where(e => !windows.Contains((e.AvailableFrom, e.AvailableUntil))).Select(e => e.Id).ToList();
        var added = windows.Where(w => !existing.Any(e => e.AvailableFrom == w.From && e.AvailableUntil == w.Until)).ToList();
        // Deleted first, so a new window never meets one it replaces.
        if (gone.Count > 0)
        {
            await db.AvailabilityWindows.Where(w => gone.Contains(w.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        if (added.Count > 0)
        {
            db.AvailabilityWindows.AddRange(added.Select(w => new AvailabilityWindow
            {
                MovieId = movieId,
                CountryCode = country,
                AvailableFrom = w.From,
                AvailableUntil = w.Until,
            }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        if (windows.Count == 0)
        {
            // A pair available without windows (written before windows existed) has no window to delete.
            await db.MovieAvailability.Where(a => a.MovieId == movieId && a.CountryCode == country).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. WindowRules.InOrder(windows, w => w.From)];
    }

    /// <summary>A country the catalogue has not had yet, named as ISO 3166-1 names it.</summary>
    public static Task AddCountryAsync(AppDbContext db, string code, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"INSERT INTO countries (code, name) VALUES ({code}, {CountryCodes.NameOf(code)}) ON CONFLICT (code) DO NOTHING", cancellationToken);
}
