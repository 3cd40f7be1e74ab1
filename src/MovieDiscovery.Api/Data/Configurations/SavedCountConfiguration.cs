using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class SavedCountConfiguration : IEntityTypeConfiguration<SavedCount>
{
    public void Configure(EntityTypeBuilder<SavedCount> builder)
    {
        builder.ToTable("saved_counts");
        builder.Property(c => c.CountryCode).HasMaxLength(2).IsFixedLength();
        builder.HasKey(c => new { c.UserId, c.CountryCode });
    }
}
