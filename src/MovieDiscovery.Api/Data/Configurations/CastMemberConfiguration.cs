using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class CastMemberConfiguration : IEntityTypeConfiguration<CastMember>
{
    public void Configure(EntityTypeBuilder<CastMember> builder)
    {
        builder.ToTable("cast");
        builder.HasKey(c => new { c.MovieId, c.ActorId });
        // Serves "films of an actor" and keeps deleting an actor cheap.
        builder.HasIndex(c => c.ActorId);
        builder.HasOne(c => c.Movie).WithMany(m => m.Cast).HasForeignKey(c => c.MovieId);
        builder.HasOne(c => c.Actor).WithMany(a => a.Roles).HasForeignKey(c => c.ActorId);
    }
}
