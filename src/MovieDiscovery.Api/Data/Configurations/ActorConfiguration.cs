using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class ActorConfiguration : IEntityTypeConfiguration<Actor>
{
    public void Configure(EntityTypeBuilder<Actor> builder)
    {
        // On PostgreSQL a change notifies the response cache (Data/Sql/Postgres/catalogue_change_notifications.sql).
        builder.ToTable("actors", table => table.HasTriggers(postgres: ["actors_notify_catalogue_changed"], sqlite: []));
        builder.Property(a => a.Name).HasMaxLength(200);
    }
}
