namespace MovieDiscovery.Api.Data.Entities;

public sealed class Country
{
    /// <summary>ISO-3166-1 alpha-2, upper case.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
}
