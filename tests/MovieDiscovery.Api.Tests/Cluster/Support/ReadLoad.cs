using System.Collections.Concurrent;
using System.Diagnostics;
using MovieDiscovery.Api.Tests.Reliability.Support;

namespace MovieDiscovery.Api.Tests.Cluster.Support;

/// <summary>
/// Catalogue readers through the balancer (list pages, details, genres, countries: what may be read
/// from a standby), and a readiness probe of every instance every 100 ms, until stopped.
/// </summary>
public sealed class ReadLoad(Stopwatch clock)
{
    private readonly ConcurrentQueue<Probe> _reads = new();
    private readonly ConcurrentQueue<(int Instance, Probe Probe)> _readiness = new();
    private int _stop;

    public IReadOnlyCollection<Probe> Reads => _reads;

    public IReadOnlyCollection<(int Instance, Probe Probe)> Readiness => _readiness;

    public Task RunAsync(Uri balancer, IReadOnlyList<Uri> instances, IReadOnlyList<int> movies, int readers)
    {
        var reading = Enumerable.Range(0, readers).Select(reader => Task.Run(async () =>
        {
            using var client = LocalCluster.Client(balancer, timeout: TimeSpan.FromSeconds(15));
            for (var i = reader; Volatile.Read(ref _stop) == 0; i++)
            {
                var path = (i % 4) switch
                {
                    0 => $"/v1/movies?country=US&page={1 + (i % 5)}",
                    1 => "/v1/genres",
                    2 => "/v1/countries",
                    _ => $"/v1/movies/{movies[i % movies.Count]}",
                };
                _reads.Enqueue(await Probe.GetAsync(client, path, clock));
            }
        }));
        var probing = instances.Select((instance, index) => Task.Run(async () =>
        {
            using var client = LocalCluster.Client(instance, timeout: TimeSpan.FromSeconds(15));
            while (Volatile.Read(ref _stop) == 0)
            {
                _readiness.Enqueue((index + 1, await Probe.GetAsync(client, "/health/ready", clock)));
                await Task.Delay(100);
            }
        }));
        return Task.WhenAll(reading.Concat(probing));
    }

    public void Stop() => Volatile.Write(ref _stop, 1);
}
