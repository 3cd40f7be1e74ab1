namespace MovieDiscovery.Api.Tests.Cluster.Support;

/// <summary>
/// The cluster tests start real topologies of several processes, kill parts of them and time what
/// follows: they run one class at a time, after the parallel collections, so their timings mean something.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class ClusterTests
{
    public const string Collection = "Cluster";
}

/// <summary>
/// One local cluster per test class (a class fixture): started once before the class's first test and
/// stopped after its last, whatever the tests did to it and whether they passed.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    /// <summary>Environment variables for <c>cluster.sh up</c>: CLUSTER_* and the service's own settings.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(Settings);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>A cluster with the defaults of <see cref="LocalCluster"/>, for tests that break it.</summary>
public sealed class FreshCluster : ClusterFixture;
