using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Features.Availability;

namespace MovieDiscovery.Api.Features.Feed;

/// <summary>What an import did (or, in a dry run, would do), line by line.</summary>
public sealed class FeedSummary
{
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public List<(int Line, string Reason)> Rejected { get; } = [];

    public int Rows => Inserted + Updated + Unchanged + Rejected.Count;
}

/// <summary>
/// Applies checked feed lines to the database a batch at a time, each batch in one transaction (so the API, its
/// derived tables and caches see whole batches): movies are matched by external id, and only what differs is
/// written, set-based (one statement per kind of change for the whole batch, plus EF Core's batched inserts and
/// updates). Genres are matched by name (ignoring case, as the database does) and created when unknown; actors are
/// matched by their exact name (two actors of one name are one to the feed) and created when unknown.
/// </summary>
public sealed class FeedImport(AppDbContext db, bool dryRun)
{
    public const int BatchSize = 1000;

    public async Task ApplyAsync(IReadOnlyList<FeedLine> batch, FeedSummary summary, CancellationToken cancellationToken)
    {
        var movies = batch.Where(l => l.Movie is not null).Select(l => l.Movie!).ToList();
        if (movies.Count == 0)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Before any movie is locked, as every writer of windows does (Data/Sql/Postgres/availability_windows.sql).
            await db.Database.ExecuteSqlAsync($"SELECT lock_availability_for_write()", cancellationToken);
        }

        var genres = await GenreIdsAsync(movies.SelectMany(m => m.Genres), cancellationToken);
        var actors = await ActorIdsAsync(movies.SelectMany(m => m.Cast), cancellationToken);
        foreach (var country in movies.SelectMany(m => m.Availability).Select(w => w.Country).Distinct(StringComparer.Ordinal))
        {
            await AvailabilityWrites.AddCountryAsync(db, country, cancellationToken);
        }

        var ids = movies.Select(m => m.ExternalId).ToList();
        var stored = (await db.Movies.Where(m => ids.Contains(m.ExternalId!)).AsSplitQuery()
            .Select(m => new StoredMovie(
                m.Id, m.ExternalId!, m.Title, m.Year, m.RuntimeMinutes, m.Overview,
                m.Genres.Select(g => g.GenreId).ToList(),
                m.Cast.OrderBy(c => c.Billing).Select(c => c.ActorId).ToList(),
                m.Windows.Select(w => new FeedWindow(w.CountryCode, w.AvailableFrom, w.AvailableUntil)).ToList()))
            .ToListAsync(cancellationToken)).ToDictionary(m => m.ExternalId, StringComparer.Ordinal);

        var (genresOf, castOf, windowsOf) = (new List<int>(), new List<int>(), new List<int>());
        var added = new List<Movie>();
        var links = new List<(Movie Movie, FeedMovie Line, bool Genres, bool Cast, bool Windows)>();
        foreach (var line in movies)
        {
            var genreIds = line.Genres.Select(name => genres[name]).Order().ToList();
            var castIds = line.Cast.Select(name => actors[name]).ToList();
            var windows = InOrder(line.Availability.Select(w => w with { AvailableFrom = Utc(w.AvailableFrom), AvailableUntil = Utc(w.AvailableUntil) }));
            if (!stored.TryGetValue(line.ExternalId, out var old))
            {
                var movie = new Movie { ExternalId = line.ExternalId, Title = line.Title, Year = line.Year, RuntimeMinutes = line.RuntimeMinutes, Overview = line.Overview };
                added.Add(movie);
                links.Add((movie, line, true, true, true));
                summary.Inserted++;
                continue;
            }

            var fields = old.Title != line.Title || old.Year != line.Year || old.RuntimeMinutes != line.RuntimeMinutes || old.Overview != line.Overview;
            var sameGenres = old.GenreIds.Order().SequenceEqual(genreIds);
            var sameCast = old.ActorIds.SequenceEqual(castIds);
            var sameWindows = InOrder(old.Windows.Select(w => w with { AvailableFrom = Utc(w.AvailableFrom), AvailableUntil = Utc(w.AvailableUntil) })).SequenceEqual(windows);
            if (!fields && sameGenres && sameCast && sameWindows)
            {
                summary.Unchanged++;
                continue;
            }

            summary.Updated++;
            var existing = new Movie { Id = old.Id, ExternalId = old.ExternalId, Title = old.Title, Year = old.Year, RuntimeMinutes = old.RuntimeMinutes, Overview = old.Overview };
            if (fields)
            {
                db.Movies.Attach(existing);
                (existing.Title, existing.Year, existing.RuntimeMinutes, existing.Overview) = (line.Title, line.Year, line.RuntimeMinutes, line.Overview);
            }

            if (!sameGenres)
            {
                genresOf.Add(old.Id);
            }

            if (!sameCast)
            {
                castOf.Add(old.Id);
            }

            if (!sameWindows)
            {
                windowsOf.Add(old.Id);
            }

            links.Add((existing, line, !sameGenres, !sameCast, !sameWindows));
        }

        // What is replaced goes first, in one statement each, so the new rows never meet the old ones.
        await db.MovieGenres.Where(g => genresOf.Contains(g.MovieId)).ExecuteDeleteAsync(cancellationToken);
        await db.Cast.Where(c => castOf.Contains(c.MovieId)).ExecuteDeleteAsync(cancellationToken);
        await db.AvailabilityWindows.Where(w => windowsOf.Contains(w.MovieId)).ExecuteDeleteAsync(cancellationToken);
        db.Movies.AddRange(added);
        await db.SaveChangesAsync(cancellationToken);
        var newGenres = links.Where(l => l.Genres)
            .SelectMany(l => l.Line.Genres.Select(name => genres[name]).Distinct().Select(id => (MovieId: l.Movie.Id, GenreId: id))).ToList();
        var newCast = links.Where(l => l.Cast)
            .SelectMany(l => l.Line.Cast.Select((name, i) => (MovieId: l.Movie.Id, ActorId: actors[name], Billing: i + 1))).ToList();
        var newWindows = links.Where(l => l.Windows)
            .SelectMany(l => l.Line.Availability.Select(w => (MovieId: l.Movie.Id, w.Country, From: w.AvailableFrom, Until: w.AvailableUntil))).ToList();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await FeedLinksOnPostgres.InsertAsync(db, newGenres, newCast, newWindows, cancellationToken);
        }
        else
        {
            db.MovieGenres.AddRange(newGenres.Select(g => new MovieGenre { MovieId = g.MovieId, GenreId = g.GenreId }));
            db.Cast.AddRange(newCast.Select(c => new CastMember { MovieId = c.MovieId, ActorId = c.ActorId, Billing = c.Billing }));
            db.AvailabilityWindows.AddRange(newWindows.Select(w => new AvailabilityWindow
            {
                MovieId = w.MovieId,
                CountryCode = w.Country,
                AvailableFrom = w.From,
                AvailableUntil = w.Until,
            }));
            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        if (dryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The ids of the genres named, creating those the catalogue does not have (names match ignoring case).</summary>
    private async Task<Dictionary<string, int>> GenreIdsAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var wanted = names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var known = await db.Genres.Select(g => new { g.Id, g.Name }).ToListAsync(cancellationToken);
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var genre in known)
        {
            ids.TryAdd(genre.Name, genre.Id);
        }

        var missing = wanted.Where(name => !ids.ContainsKey(name)).Select(name => new Genre { Name = name }).ToList();
        if (missing.Count > 0)
        {
            db.Genres.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            missing.ForEach(g => ids[g.Name] = g.Id);
        }

        return ids;
    }

    /// <summary>The ids of the actors named (exact names; the lowest id when two share one), creating the missing ones.</summary>
    private async Task<Dictionary<string, int>> ActorIdsAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var actor in await db.Actors.Where(a => wanted.Contains(a.Name)).OrderBy(a => a.Id).Select(a => new { a.Id, a.Name }).ToListAsync(cancellationToken))
        {
            ids.TryAdd(actor.Name, actor.Id);
        }

        var missing = wanted.Where(name => !ids.ContainsKey(name)).Select(name => new Actor { Name = name }).ToList();
        if (missing.Count > 0)
        {
            db.Actors.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            missing.ForEach(a => ids[a.Name] = a.Id);
        }

        return ids;
    }

    private static List<FeedWindow> InOrder(IEnumerable<FeedWindow> windows) =>
        [.. windows.OrderBy(w => w.Country, StringComparer.Ordinal).ThenBy(w => w.AvailableFrom ?? DateTime.MinValue)];

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;

    private sealed record StoredMovie(
        int Id, string ExternalId, string Title, int Year, int? RuntimeMinutes, string? Overview,
        List<int> GenreIds, List<int> ActorIds, List<FeedWindow> Windows);
}
