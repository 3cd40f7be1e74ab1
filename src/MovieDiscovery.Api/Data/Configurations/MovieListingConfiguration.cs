using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class MovieListingConfiguration : IEntityTypeConfiguration<MovieListing>
{
    public void Configure(EntityTypeBuilder<MovieListing> builder)
    {
        // Derived from the catalogue (Data/Sql/*/catalogue_listing.sql); on SQLite its rows move listing_counts.
        builder.ToTable("movie_listing", table => table.HasTriggers(
            postgres: [],
            sqlite: ["movie_listing_counts_delete", "movie_listing_counts_insert"]));
        builder.Property(l => l.CountryCode).HasMaxLength(2).IsFixedLength();
        // The key serves sort=year (year ascending, ties by id ascending).
        builder.HasKey(l => new { l.CountryCode, l.GenreId, l.Year, l.MovieId });
        // Serves sort=-year (year descending, ties by id ascending): both orders read straight from an index.
        builder.HasIndex(l => new { l.CountryCode, l.GenreId, l.Year, l.MovieId })
            .IsDescending(false, false, true, false)
            .HasDatabaseName("ix_movie_listing_year_desc");
        // Lets the triggers replace one movie's rows.
        builder.HasIndex(l => l.MovieId);
    }
}
