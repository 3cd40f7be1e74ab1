using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class SavedMovieConfiguration : IEntityTypeConfiguration<SavedMovie>
{
    public void Configure(EntityTypeBuilder<SavedMovie> builder)
    {
        builder.ToTable("saved_movies");
        // The key is what turns concurrent duplicate saves into exactly one row.
        builder.HasKey(s => new { s.UserId, s.MovieId });
        builder.HasOne(s => s.User).WithMany(u => u.SavedMovies).HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Movie).WithMany().HasForeignKey(s => s.MovieId).OnDelete(DeleteBehavior.Cascade);
    }
}
