using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class GenreConfiguration : IEntityTypeConfiguration<Genre>
{
    public void Configure(EntityTypeBuilder<Genre> builder)
    {
        builder.ToTable("genres");
        builder.Property(g => g.Name).HasMaxLength(100);
        // Unique regardless of case: the provider contexts give this column a case-insensitive collation.
        builder.HasIndex(g => g.Name).IsUnique();
    }
}
