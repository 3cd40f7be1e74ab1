namespace MovieDiscovery.Api.Data.Entities;

/// <summary>
/// The one row that says up to which instant the windows' boundaries have been applied to
/// <see cref="MovieAvailability"/>: the "now" of every availability rule. The availability clock
/// (Infrastructure/Availability) moves it forward; a write of windows applies them at it.
/// </summary>
public sealed class AvailabilityClock
{
    /// <summary>The key of the only row.</summary>
    public const int SingleRow = 1;

    public int Id { get; set; }
    public DateTime AppliedUntil { get; set; }
}
