using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class AvailabilityClockConfiguration : IEntityTypeConfiguration<AvailabilityClock>
{
    public void Configure(EntityTypeBuilder<AvailabilityClock> builder)
    {
        builder.ToTable("availability_clock", table => table.HasCheckConstraint("ck_availability_clock_single_row", $"id = {AvailabilityClock.SingleRow}"));
        // Its row is inserted by the migration that made the table, at the time it ran.
        builder.Property(c => c.Id).ValueGeneratedNever();
    }
}
