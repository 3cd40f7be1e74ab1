using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class SavedMovieConfiguration : IEntityTypeConfiguration<SavedMovie>
{
    public void Configure(EntityTypeBuilder<SavedMovie> builder)
    {
        // The saved lists and their counts follow the saves (Data/Sql/*/saved_counts.sql, saved_listing.sql).
        builder.ToTable("saved_movies", table => table.HasTriggers(
            postgres: ["saved_movies_saved_counts", "saved_movies_saved_counts_truncate", "saved_movies_saved_listing", "saved_movies_saved_listing_truncate"],
            sqlite:
            [
                "saved_movies_saved_counts_delete", "saved_movies_saved_counts_insert", "saved_movies_saved_counts_update",
                "saved_movies_saved_listing_delete", "saved_movies_saved_listing_insert", "saved_movies_saved_listing_update",
            ]));
        // The key is what turns concurrent duplicate saves into exactly one row.
        builder.HasKey(s => new { s.UserId, s.MovieId });
        builder.HasOne(s => s.User).WithMany(u => u.SavedMovies).HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Movie).WithMany().HasForeignKey(s => s.MovieId).OnDelete(DeleteBehavior.Cascade);
    }
}
