using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Configurations;

internal sealed class AvailabilityWindowConfiguration : IEntityTypeConfiguration<AvailabilityWindow>
{
    public void Configure(EntityTypeBuilder<AvailabilityWindow> builder)
    {
        // A change refuses overlapping windows and applies its (movie, country) pairs to movie_availability at once
        // (Data/Sql/*/availability_windows.sql).
        builder.ToTable("availability_windows", table =>
        {
            table.HasTriggers(
                postgres:
                [
                    "availability_windows_apply_delete", "availability_windows_apply_insert", "availability_windows_apply_update",
                    "availability_windows_notify_catalogue_changed",
                ],
                sqlite:
                [
                    "availability_windows_apply_delete", "availability_windows_apply_insert", "availability_windows_apply_update",
                    "availability_windows_no_overlap_insert", "availability_windows_no_overlap_update",
                ]);
            table.HasCheckConstraint("ck_availability_windows_from_before_until",
                "available_from IS NULL OR available_until IS NULL OR available_from < available_until");
        });
        builder.Property(w => w.CountryCode).HasMaxLength(2).IsFixedLength();
        // A pair's windows in order: the triggers' overlap check, the detail and the export read them this way.
        builder.HasIndex(w => new { w.MovieId, w.CountryCode, w.AvailableFrom });
        // The availability clock finds the windows whose start or end it has just passed.
        builder.HasIndex(w => w.AvailableFrom).HasFilter("available_from IS NOT NULL");
        builder.HasIndex(w => w.AvailableUntil).HasFilter("available_until IS NOT NULL");
        builder.HasOne(w => w.Movie).WithMany(m => m.Windows).HasForeignKey(w => w.MovieId);
        builder.HasOne(w => w.Country).WithMany().HasForeignKey(w => w.CountryCode);
    }
}
