using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

/// <summary>PostgreSQL only (applied by <see cref="PostgresAppDbContext"/>): SQLite filters the base tables directly.</summary>
internal sealed class MovieSearchConfiguration : IEntityTypeConfiguration<MovieSearch>
{
    public void Configure(EntityTypeBuilder<MovieSearch> builder)
    {
        // Derived from the catalogue (Data/Sql/Postgres/catalogue_search.sql); the triggers are on the tables it is derived from.
        builder.ToTable("movie_search");
        // A parallel scan of a country's range ran several times slower than one process on the two-core benchmark
        // machine (docs/decisions/0080-discovery-filters-from-one-index.md): never planned.
        builder.HasStorageParameter("parallel_workers", 0);
        builder.Property(s => s.CountryCode).HasMaxLength(2).IsFixedLength();
        // Lets the triggers find one movie's rows.
        builder.HasKey(s => new { s.MovieId, s.CountryCode });
        // Each list order (year descending or ascending, ties by id ascending in both) with every column a filter reads:
        // a country's filtered list, its counts and a page are index-only scans of one range.
        builder.HasIndex(s => new { s.CountryCode, s.Year, s.MovieId }, "ix_movie_search_newest_first")
            .HasDatabaseName("ix_movie_search_newest_first")
            .IsDescending(false, true, false)
            .IncludeProperties(s => new { s.GenreMask, s.OtherGenreIds, s.TitleWords });
        builder.HasIndex(s => new { s.CountryCode, s.Year, s.MovieId }, "ix_movie_search_oldest_first")
            .HasDatabaseName("ix_movie_search_oldest_first")
            .IncludeProperties(s => new { s.GenreMask, s.OtherGenreIds, s.TitleWords });
    }
}
