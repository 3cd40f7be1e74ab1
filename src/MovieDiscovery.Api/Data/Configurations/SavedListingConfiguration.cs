using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class SavedListingConfiguration : IEntityTypeConfiguration<SavedListing>
{
    public void Configure(EntityTypeBuilder<SavedListing> builder)
    {
        builder.ToTable("saved_listing");
        builder.Property(l => l.CountryCode).HasMaxLength(2).IsFixedLength();
        // Lets the triggers find a save's or an availability's rows by movie.
        builder.HasKey(l => new { l.MovieId, l.CountryCode, l.UserId });
        // Serves the saved list: newest first read forwards, oldest first backwards.
        builder.HasIndex(l => new { l.UserId, l.CountryCode, l.DateAdded, l.MovieId })
            .IsDescending(false, false, true, false);
    }
}
