using System.Diagnostics;

namespace MovieDiscovery.Api.Tests.Cluster.Support;

/// <summary>Reads <see cref="ClusterSql.WatchedPage"/> on every instance over and over, to time a catalogue change.</summary>
public static class CatalogueWatch
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Per instance, how long after <paramref name="clock"/>'s start its page first showed <paramref name="title"/>; null if not within <paramref name="timeout"/>.</summary>
    public static Task<TimeSpan?[]> FirstSeenAsync(IReadOnlyList<Uri> instances, string title, Stopwatch clock, TimeSpan timeout) =>
        Task.WhenAll(instances.Select(async instance =>
        {
            using var client = LocalCluster.Client(instance, timeout: TimeSpan.FromSeconds(5));
            var deadline = clock.Elapsed + timeout;
            while (clock.Elapsed < deadline)
            {
                if ((await ReadAsync(client)).Contains(title, StringComparison.Ordinal))
                {
                    return clock.Elapsed;
                }

                await Task.Delay(s_pollInterval);
            }

            return (TimeSpan?)null;
        }));

    /// <summary>Every answer, over <paramref name="duration"/>, that was not a 200 showing <paramref name="title"/>.</summary>
    public static async Task<List<string>> AnswersWithoutAsync(IReadOnlyList<Uri> instances, string title, TimeSpan duration)
    {
        var found = await Task.WhenAll(instances.Select(async instance =>
        {
            using var client = LocalCluster.Client(instance, timeout: TimeSpan.FromSeconds(5));
            var wrong = new List<string>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                var answer = await ReadAsync(client);
                if (!answer.Contains(title, StringComparison.Ordinal))
                {
                    wrong.Add($"{instance} at {clock.Elapsed.TotalMilliseconds:F0} ms: {answer[..Math.Min(200, answer.Length)]}");
                }

                await Task.Delay(s_pollInterval);
            }

            return wrong;
        }));
        return found.SelectMany(wrong => wrong).ToList();
    }

    /// <summary>The first movie on the watched page: the one a test renames to see the change travel.</summary>
    public static async Task<int> FirstMovieAsync(Uri instance)
    {
        using var client = LocalCluster.Client(instance);
        return JsonDocument.Parse(await ReadAsync(client)).RootElement.Ids()[0];
    }

    /// <summary>The page's body when it answers 200, else its status (so it never contains a title).</summary>
    public static async Task<string> ReadAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(ClusterSql.WatchedPage, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK ? body : $"status {(int)response.StatusCode}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return $"no answer: {exception.Message}";
        }
    }
}
