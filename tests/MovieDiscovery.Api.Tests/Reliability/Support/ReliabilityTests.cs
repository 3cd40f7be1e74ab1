namespace MovieDiscovery.Api.Tests.Reliability.Support;

/// <summary>
/// The fault tests run real processes (the API, PostgreSQL clusters, a TCP proxy), kill them and time
/// them: they run one at a time, after the parallel collections, so their figures mean something.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class ReliabilityTests
{
    public const string Collection = "Reliability";
}
