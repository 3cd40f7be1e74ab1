using System.Collections.Concurrent;
using System.Diagnostics;
using MovieDiscovery.Api.Tests.Reliability.Support;

namespace MovieDiscovery.Api.Tests.Cluster.Support;

/// <summary>
/// Viewers saving movies through the balancer, as a client would: each (user, movie) is sent, and sent
/// again after a connection error or a 5xx, until it has an answer that is not one (or five tries).
/// Every attempt is kept, with when it started, for the tests to judge.
/// </summary>
public sealed class SaveLoad
{
    private const int MaxAttempts = 5;
    private readonly ConcurrentQueue<(int User, int Movie, int Attempt, Probe Probe)> _attempts = new();
    private readonly Stopwatch _clock;
    private int _stop;

    public SaveLoad(Stopwatch clock) => _clock = clock;

    public IReadOnlyCollection<(int User, int Movie, int Attempt, Probe Probe)> Attempts => _attempts;

    /// <summary>(user, movie) pairs whose save was acknowledged with 201.</summary>
    public IEnumerable<(int User, int Movie)> Acknowledged => _attempts.Where(a => a.Probe.Status == 201).Select(a => (a.User, a.Movie));

    public int AcknowledgedCount => _attempts.Count(a => a.Probe.Status == 201);

    /// <summary>One writer per group of users: each saves every movie for each of its users in turn, until stopped.</summary>
    public Task RunAsync(Uri balancer, IReadOnlyList<int> users, IReadOnlyList<int> movies, int writers) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
        {
            foreach (var user in users.Where((_, index) => index % writers == writer))
            {
                using var client = LocalCluster.Client(balancer, bearerToken: ReliabilityData.MintToken(user), timeout: TimeSpan.FromSeconds(10));
                foreach (var movie in movies)
                {
                    if (Volatile.Read(ref _stop) == 1)
                    {
                        return;
                    }

                    await SaveAsync(client, user, movie);
                }
            }
        })));

    public void Stop() => Volatile.Write(ref _stop, 1);

    /// <summary>Whether the attempt needs sending again: no answer, or a 5xx (the balancer's 502/503/504 included).</summary>
    public static bool Failed(Probe probe) => probe.Status is null or >= 500;

    private async Task SaveAsync(HttpClient client, int user, int movie)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var probe = await Probe.SendAsync(client, HttpMethod.Post, $"/v1/users/{user}/saved-movies", _clock, new { movie_id = movie, country = "US" });
            _attempts.Enqueue((user, movie, attempt, probe));
            if (!Failed(probe))
            {
                return;
            }

            await Task.Delay(100);
        }
    }
}
