using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class ListingCountConfiguration : IEntityTypeConfiguration<ListingCount>
{
    public void Configure(EntityTypeBuilder<ListingCount> builder)
    {
        builder.ToTable("listing_counts");
        builder.Property(c => c.CountryCode).HasMaxLength(2).IsFixedLength();
        builder.HasKey(c => new { c.CountryCode, c.GenreId });
    }
}
