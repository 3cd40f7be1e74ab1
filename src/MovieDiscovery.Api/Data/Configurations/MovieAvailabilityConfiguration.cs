using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class MovieAvailabilityConfiguration : IEntityTypeConfiguration<MovieAvailability>
{
    public void Configure(EntityTypeBuilder<MovieAvailability> builder)
    {
        builder.ToTable("movie_availability");
        builder.HasKey(a => new { a.MovieId, a.CountryCode });
        builder.Property(a => a.CountryCode).HasMaxLength(2).IsFixedLength();
        // Serves the catalogue listing: the movies available in country C.
        builder.HasIndex(a => new { a.CountryCode, a.MovieId });
        builder.HasOne(a => a.Movie).WithMany(m => m.Availability).HasForeignKey(a => a.MovieId);
        builder.HasOne(a => a.Country).WithMany().HasForeignKey(a => a.CountryCode);
    }
}
