using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class MovieAvailabilityConfiguration : IEntityTypeConfiguration<MovieAvailability>
{
    public void Configure(EntityTypeBuilder<MovieAvailability> builder)
    {
        // The listing, the saved lists and their counts follow availability (Data/Sql).
        builder.ToTable("movie_availability", table => table.HasTriggers(
            postgres:
            [
                "movie_availability_listing_delete", "movie_availability_listing_insert", "movie_availability_listing_truncate",
                "movie_availability_listing_update", "movie_availability_lock_movie", "movie_availability_notify_catalogue_changed",
                "movie_availability_saved_counts", "movie_availability_saved_counts_truncate", "movie_availability_saved_listing",
                "movie_availability_saved_listing_truncate", "movie_availability_search_delete", "movie_availability_search_insert",
                "movie_availability_search_truncate", "movie_availability_search_update",
            ],
            sqlite:
            [
                "movie_availability_listing_delete", "movie_availability_listing_insert", "movie_availability_listing_update",
                "movie_availability_saved_counts_delete", "movie_availability_saved_counts_insert", "movie_availability_saved_counts_update",
                "movie_availability_saved_listing_delete", "movie_availability_saved_listing_insert", "movie_availability_saved_listing_update",
            ]));
        builder.HasKey(a => new { a.MovieId, a.CountryCode });
        builder.Property(a => a.CountryCode).HasMaxLength(2).IsFixedLength();
        // Serves the catalogue listing: the movies available in country C.
        builder.HasIndex(a => new { a.CountryCode, a.MovieId });
        // On PostgreSQL, two more indexes, on the bounds with NULL as ±infinity, serve the lists by when movies leave and
        // arrived; the model cannot state an index on an expression, so the migration WindowOrderIndexes makes them.
        builder.HasOne(a => a.Movie).WithMany(m => m.Availability).HasForeignKey(a => a.MovieId);
        builder.HasOne(a => a.Country).WithMany().HasForeignKey(a => a.CountryCode);
    }
}
