namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>An example value of a query parameter or body property, shown in the OpenAPI document (as JSON: <c>"US"</c>, <c>3</c>, <c>[3, 14]</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}
