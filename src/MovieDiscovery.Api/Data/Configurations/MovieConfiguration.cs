using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class MovieConfiguration : IEntityTypeConfiguration<Movie>
{
    public void Configure(EntityTypeBuilder<Movie> builder)
    {
        // A new year moves the movie's listing rows, a new title or year its search rows; a deletion takes its saves'
        // counts away first (Data/Sql).
        builder.ToTable("movies", table => table.HasTriggers(
            postgres: ["movies_listing", "movies_notify_catalogue_changed", "movies_saved_counts", "movies_search"],
            sqlite: ["movies_listing_update"]));
        builder.Property(m => m.Title).HasMaxLength(Features.Movies.MovieSummary.MaxTitleLength);
        builder.Property(m => m.Overview).HasMaxLength(Features.Movies.MovieDetail.MaxOverviewLength);
        builder.HasIndex(m => new { m.Year, m.Id });
        builder.Property(m => m.ExternalId).HasMaxLength(Features.Feed.FeedMovie.MaxExternalIdLength);
        // The feed's upsert key: one movie per external id (movies created otherwise have none).
        builder.HasIndex(m => m.ExternalId).IsUnique();
    }
}
