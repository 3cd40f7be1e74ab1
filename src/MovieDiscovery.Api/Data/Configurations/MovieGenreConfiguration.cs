using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class MovieGenreConfiguration : IEntityTypeConfiguration<MovieGenre>
{
    public void Configure(EntityTypeBuilder<MovieGenre> builder)
    {
        // The listing follows a movie's genres (Data/Sql/*/catalogue_listing.sql).
        builder.ToTable("movie_genres", table => table.HasTriggers(
            postgres:
            [
                "movie_genres_listing_delete", "movie_genres_listing_insert", "movie_genres_listing_truncate", "movie_genres_listing_update",
                "movie_genres_notify_catalogue_changed", "movie_genres_search_delete", "movie_genres_search_insert",
                "movie_genres_search_truncate", "movie_genres_search_update",
            ],
            sqlite: ["movie_genres_listing_delete", "movie_genres_listing_insert", "movie_genres_listing_update"]));
        builder.HasKey(mg => new { mg.MovieId, mg.GenreId });
        // Serves the genre filter: which movies have genre G.
        builder.HasIndex(mg => new { mg.GenreId, mg.MovieId });
        builder.HasOne(mg => mg.Movie).WithMany(m => m.Genres).HasForeignKey(mg => mg.MovieId);
        builder.HasOne(mg => mg.Genre).WithMany(g => g.Movies).HasForeignKey(mg => mg.GenreId);
    }
}
