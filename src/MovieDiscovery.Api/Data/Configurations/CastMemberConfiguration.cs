using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class CastMemberConfiguration : IEntityTypeConfiguration<CastMember>
{
    public void Configure(EntityTypeBuilder<CastMember> builder)
    {
        // On PostgreSQL a change notifies the response cache (Data/Sql/Postgres/catalogue_change_notifications.sql).
        builder.ToTable("cast", table => table.HasTriggers(postgres: ["cast_notify_catalogue_changed"], sqlite: []));
        builder.HasKey(c => new { c.MovieId, c.ActorId });
        // Serves "films of an actor" and keeps deleting an actor cheap.
        builder.HasIndex(c => c.ActorId);
        builder.HasOne(c => c.Movie).WithMany(m => m.Cast).HasForeignKey(c => c.MovieId);
        builder.HasOne(c => c.Actor).WithMany(a => a.Roles).HasForeignKey(c => c.ActorId);
    }
}
