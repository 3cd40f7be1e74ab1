using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> builder)
    {
        // On PostgreSQL a change notifies the response cache (Data/Sql/Postgres/catalogue_change_notifications.sql).
        builder.ToTable("countries", table => table.HasTriggers(postgres: ["countries_notify_catalogue_changed"], sqlite: []));
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(2).IsFixedLength();
        builder.Property(c => c.Name).HasMaxLength(100);
    }
}
