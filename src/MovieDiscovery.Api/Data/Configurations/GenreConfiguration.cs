using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class GenreConfiguration : IEntityTypeConfiguration<Genre>
{
    public void Configure(EntityTypeBuilder<Genre> builder)
    {
        // On PostgreSQL a change notifies the response cache (Data/Sql/Postgres/catalogue_change_notifications.sql).
        builder.ToTable("genres", table => table.HasTriggers(postgres: ["genres_notify_catalogue_changed"], sqlite: []));
        builder.Property(g => g.Name).HasMaxLength(100);
        // Unique regardless of case: the provider contexts give this column a case-insensitive collation.
        builder.HasIndex(g => g.Name).IsUnique();
    }
}
