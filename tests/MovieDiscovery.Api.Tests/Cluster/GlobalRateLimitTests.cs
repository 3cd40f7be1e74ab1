using System.Globalization;
using System.Text.RegularExpressions;
using MovieDiscovery.Api.Tests.Cluster.Support;

namespace MovieDiscovery.Api.Tests.Cluster;

/// <summary>A cluster whose clients may make <see cref="Limit"/> requests (and <see cref="TokenLimit"/> token requests) an hour.</summary>
public sealed class RateLimitedCluster : ClusterFixture
{
    public const int Limit = 20;
    public const int TokenLimit = 4;

    // An hour's window, so that no window renews in the middle of a test.
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RateLimiting__PermitLimit"] = Limit.ToString(CultureInfo.InvariantCulture),
        ["RateLimiting__WindowSeconds"] = "3600",
        ["RateLimiting__TokenPermitLimit"] = TokenLimit.ToString(CultureInfo.InvariantCulture),
        ["RateLimiting__TokenWindowSeconds"] = "3600",
    };
}

/// <summary>
/// The rate limits hold for the service, not for each instance: the windows live in Redis, and a
/// client is who connects, or whom the balancer says connected, never what a client claims. Each test
/// is a client of its own: it connects from a loopback address no other test uses, so its buckets are its own.
/// </summary>
[Collection(ClusterTests.Collection)]
public sealed partial class GlobalRateLimitTests(RateLimitedCluster fixture) : IClassFixture<RateLimitedCluster>
{
    private const int Limit = RateLimitedCluster.Limit;
    private readonly LocalCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task Exactly_the_limit_is_served_when_a_client_spreads_its_requests_over_the_three_instances()
    {
        var clients = InstanceClients("127.0.0.11");

        var statuses = await Task.WhenAll(Enumerable.Range(0, Limit + 10).Select(i => StatusAsync(clients[i % 3], HttpMethod.Get, "/v1/genres")));

        Assert.Equal(Limit, statuses.Count(s => s == 200));
        Assert.Equal(10, statuses.Count(s => s == 429));
    }

    [Fact]
    public async Task The_RateLimit_header_counts_the_requests_made_on_every_instance()
    {
        var clients = InstanceClients("127.0.0.12");

        for (var i = 0; i < Limit + 1; i++)
        {
            using var response = await clients[i % 3].GetAsync(new Uri("/v1/genres", UriKind.Relative));
            Assert.Equal(i < Limit ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(Math.Max(0, Limit - 1 - i), Remaining(response));
        }
    }

    [Fact]
    public async Task Exactly_the_token_limit_is_served_over_the_three_instances()
    {
        var clients = InstanceClients("127.0.0.13");

        // A different unknown account each time (401), so that only the per-address token limit can refuse.
        var statuses = await Task.WhenAll(Enumerable.Range(0, RateLimitedCluster.TokenLimit + 10)
            .Select(i => StatusAsync(clients[i % 3], HttpMethod.Post, "/v1/auth/token", new { email = $"nobody-{Guid.NewGuid():N}@test.example", password = "wrong-password" })));

        Assert.Equal(RateLimitedCluster.TokenLimit, statuses.Count(s => s == 401));
        Assert.Equal(10, statuses.Count(s => s == 429));
    }

    [Fact]
    public async Task Through_the_balancer_two_client_addresses_have_a_bucket_each()
    {
        using var first = LocalCluster.Client(_cluster.Balancer, IPAddress.Parse("127.0.0.5"));
        using var second = LocalCluster.Client(_cluster.Balancer, IPAddress.Parse("127.0.0.6"));

        var firstStatuses = await Task.WhenAll(Enumerable.Range(0, Limit + 5).Select(_ => StatusAsync(first, HttpMethod.Get, "/v1/genres")));
        var secondStatuses = await Task.WhenAll(Enumerable.Range(0, Limit + 5).Select(_ => StatusAsync(second, HttpMethod.Get, "/v1/genres")));

        Assert.Equal(Limit, firstStatuses.Count(s => s == 200));
        Assert.Equal(Limit, secondStatuses.Count(s => s == 200));
        Assert.Equal(10, firstStatuses.Count(s => s == 429) + secondStatuses.Count(s => s == 429));
    }

    [Fact]
    public async Task An_X_Forwarded_For_sent_through_the_balancer_changes_no_bucket()
    {
        using var client = LocalCluster.Client(_cluster.Balancer, IPAddress.Parse("127.0.0.7"));

        var statuses = await Task.WhenAll(Enumerable.Range(0, Limit + 10)
            .Select(i => StatusAsync(client, HttpMethod.Get, "/v1/genres", forwardedFor: $"198.51.100.{i + 1}")));

        Assert.Equal(Limit, statuses.Count(s => s == 200));
    }

    [Fact]
    public async Task An_X_Forwarded_For_sent_straight_to_the_instances_changes_no_bucket_even_from_127_0_0_1()
    {
        // 127.0.0.1 is loopback, which ASP.NET Core trusts as a proxy by default; only the balancer's 127.0.0.2 may be trusted.
        var clients = InstanceClients("127.0.0.1");

        var statuses = await Task.WhenAll(Enumerable.Range(0, Limit + 10)
            .Select(i => StatusAsync(clients[i % 3], HttpMethod.Get, "/v1/genres", forwardedFor: $"203.0.113.{i + 1}")));

        Assert.Equal(Limit, statuses.Count(s => s == 200));
    }

    private List<HttpClient> InstanceClients(string source) =>
        _cluster.Instances.Select(instance => LocalCluster.Client(instance, IPAddress.Parse(source))).ToList();

    private static async Task<int> StatusAsync(HttpClient client, HttpMethod method, string path, object? body = null, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>The requests left in the client's window, from <c>RateLimit: "client";r=N;t=S</c>.</summary>
    private static int Remaining(HttpResponseMessage response)
    {
        var header = response.Headers.GetValues("RateLimit").Single();
        var match = RemainingPattern().Match(header);
        Assert.True(match.Success, $"No r= in RateLimit: {header}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@";\s*r=(\d+)")]
    private static partial Regex RemainingPattern();
}
