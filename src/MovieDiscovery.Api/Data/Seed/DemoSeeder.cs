using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Infrastructure.Auth;

namespace MovieDiscovery.Api.Data.Seed;

/// <summary>
/// Loads the demo catalogue and the three demo users. Deterministic (same rows, same ids on an empty
/// database) and idempotent: it does nothing when the catalogue is already there. Safe when several
/// instances start together: on PostgreSQL the check and the load run under one advisory lock, on SQLite
/// in one write transaction (which takes the database's write lock when it begins).
/// </summary>
internal sealed partial class DemoSeeder(IPasswordHasher<User> passwordHasher, TimeProvider time, ILogger<DemoSeeder> logger)
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly DateTime s_firstSave = new(2026, 1, 5, 18, 30, 0, DateTimeKind.Utc);

    /// <summary>Demo users: email, password, name, birth date, role, titles they saved (oldest first).</summary>
    private static readonly (string Email, string Password, string Name, DateOnly Born, string Role, string[] Saved)[] s_users =
    [
        ("alice@example.com", "alice-password", "Alice Martins", new DateOnly(1992, 4, 17), Roles.User,
            ["Spirited Away", "City of God", "The Godfather", "Inception", "The Matrix"]),
        ("bob@example.com", "bob-password", "Bob Schneider", new DateOnly(1985, 11, 2), Roles.User,
            ["Seven Samurai", "Run Lola Run", "Casablanca"]),
        ("admin@example.com", "admin-password", "Catalogue Admin", new DateOnly(1980, 1, 1), Roles.Admin, []),
    ];

    /// <summary>Any key, the same in every instance: the transaction-level advisory lock the seeders take in turn.</summary>
    private const long SeedLockKey = 0x6d6f766965_5eed;

    /// <summary>The demo accounts' emails: their passwords are published in the README.</summary>
    public static IReadOnlyList<string> DemoEmails { get; } = [.. s_users.Select(u => u.Email)];

    public static Task<bool> HoldsDemoAccountsAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => DemoEmails.Contains(u.Email), cancellationToken);

    /// <summary>Loads the demo data unless the catalogue is there already; true when it loaded it.</summary>
    public async Task<bool> SeedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var catalog = await LoadCatalogAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Provider == DatabaseProvider.Postgres)
        {
            // Another instance starting at the same time waits here, then finds the catalogue below.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLockKey})", cancellationToken);
        }

        if (await db.Movies.AnyAsync(cancellationToken))
        {
            return false;
        }

        var countries = catalog.Countries.Select(c => new Country { Code = c.Code, Name = c.Name }).ToList();
        var genres = catalog.Genres.ToDictionary(name => name, name => new Genre { Name = name });
        var actors = catalog.Actors.ToDictionary(name => name, name => new Actor { Name = name });
        db.Countries.AddRange(countries);
        db.Genres.AddRange(genres.Values);
        db.Actors.AddRange(actors.Values);
        await db.SaveChangesAsync(cancellationToken);

        var movies = new Dictionary<string, Movie>(StringComparer.Ordinal);
        var now = time.GetUtcNow().UtcDateTime;
        var catalogueCountries = countries.Select(c => c.Code).ToList();
        foreach (var (item, index) in catalog.Movies.Select((item, index) => (item, index)))
        {
            var movie = new Movie { Title = item.Title, Year = item.Year, RuntimeMinutes = item.RuntimeMinutes, Overview = item.Overview };
            movie.Genres.AddRange(item.Genres.Select(name => new MovieGenre { Genre = genres[name] }));
            movie.Cast.AddRange(item.Cast.Select((name, i) => new CastMember { Actor = actors[name], Billing = i + 1 }));
            // The windows' triggers derive what is available now (Data/Sql/*/availability_windows.sql).
            movie.Windows.AddRange(DemoWindows.For(index, item.Countries, catalogueCountries, now));
            db.Movies.Add(movie);
            movies.TryAdd(item.Title, movie);
        }

        await db.SaveChangesAsync(cancellationToken);

        foreach (var (email, password, name, born, role, saved) in s_users)
        {
            if (await db.Users.AnyAsync(u => u.Email == email, cancellationToken))
            {
                continue;
            }

            var user = new User { Email = AccountEmail.Fold(email), Name = name, DateOfBirth = born, Role = role, PasswordHash = "" };
            user.PasswordHash = passwordHasher.HashPassword(user, password);
            user.SavedMovies.AddRange(saved.Select((title, i) => new SavedMovie { Movie = movies[title], DateAdded = s_firstSave.AddDays(i * 3) }));
            db.Users.Add(user);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        LogSeeded(logger, movies.Count, genres.Count, countries.Count);
        return true;
    }

    private static async Task<DemoCatalog> LoadCatalogAsync(CancellationToken cancellationToken)
    {
        await using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("demo-catalog.json")
            ?? throw new InvalidOperationException("The embedded demo-catalog.json is missing.");
        return await JsonSerializer.DeserializeAsync<DemoCatalog>(stream, s_json, cancellationToken)
            ?? throw new InvalidOperationException("The embedded demo-catalog.json is empty.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo catalogue: {Movies} movies, {Genres} genres, {Countries} countries")]
    private static partial void LogSeeded(ILogger logger, int movies, int genres, int countries);
}
