using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data.Configurations;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Features.Movies;

namespace MovieDiscovery.Api.Data;

/// <summary>
/// The model, shared by both providers. Each provider has a subclass so that it owns its own
/// migrations (see <see cref="SqliteAppDbContext"/> and <see cref="PostgresAppDbContext"/>).
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The database behind this context: where SQL differs, code asks this, as configuration does.</summary>
    public abstract DatabaseProvider Provider { get; }

    public DbSet<User> Users => Set<User>();
    public DbSet<Genre> Genres => Set<Genre>();
    public DbSet<Movie> Movies => Set<Movie>();
    public DbSet<MovieGenre> MovieGenres => Set<MovieGenre>();
    public DbSet<Actor> Actors => Set<Actor>();
    public DbSet<CastMember> Cast => Set<CastMember>();
    public DbSet<Country> Countries => Set<Country>();
    public DbSet<MovieAvailability> MovieAvailability => Set<MovieAvailability>();
    public DbSet<AvailabilityWindow> AvailabilityWindows => Set<AvailabilityWindow>();
    public DbSet<AvailabilityClock> AvailabilityClock => Set<AvailabilityClock>();
    public DbSet<SavedMovie> SavedMovies => Set<SavedMovie>();
    public DbSet<MovieListing> MovieListing => Set<MovieListing>();
    public DbSet<ListingCount> ListingCounts => Set<ListingCount>();
    public DbSet<SavedCount> SavedCounts => Set<SavedCount>();
    public DbSet<SavedListing> SavedListing => Set<SavedListing>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The configurations declare each provider's triggers; they read here which provider the model is for.
        modelBuilder.HasAnnotation(TableTriggers.ProviderAnnotation, Provider);
        // A table only one provider has is configured by that provider's context.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, type => !PostgresAppDbContext.OwnConfigurations.Contains(type));
        modelBuilder.Model.RemoveAnnotation(TableTriggers.ProviderAnnotation);
        // Both databases have title_words: PostgreSQL from Data/Sql/Postgres/catalogue_search.sql, SQLite on each connection.
        modelBuilder.HasDbFunction(typeof(TitleWords).GetMethod(nameof(TitleWords.InDatabase))!).HasName(TitleWords.FunctionName);
    }
}
