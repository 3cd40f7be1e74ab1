namespace MovieDiscovery.Api.Data.Entities;

public sealed class Actor
{
    public int Id { get; set; }
    public required string Name { get; set; }

    public List<CastMember> Roles { get; } = [];
}
