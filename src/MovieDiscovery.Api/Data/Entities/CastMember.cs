namespace MovieDiscovery.Api.Data.Entities;

/// <summary>An actor appearing in a movie; <see cref="Billing"/> orders the cast as credited.</summary>
public sealed class CastMember
{
    public int MovieId { get; set; }
    public int ActorId { get; set; }
    public int Billing { get; set; }

    public Movie Movie { get; set; } = null!;
    public Actor Actor { get; set; } = null!;
}
