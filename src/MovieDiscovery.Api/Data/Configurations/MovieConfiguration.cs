using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class MovieConfiguration : IEntityTypeConfiguration<Movie>
{
    public void Configure(EntityTypeBuilder<Movie> builder)
    {
        builder.ToTable("movies");
        builder.Property(m => m.Title).HasMaxLength(300);
        builder.Property(m => m.Overview).HasMaxLength(2000);
        builder.HasIndex(m => new { m.Year, m.Id });
    }
}
