using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.RateLimiting;

/// <summary>Three requests a minute per client, behind one trusted proxy at 127.0.0.2.</summary>
public sealed class TrustedProxyFactory : ApiFactory
{
    public const string Proxy = "127.0.0.2";

    public TrustedProxyFactory()
    {
        Settings["RateLimiting:PermitLimit"] = "3";
        Settings["ForwardedHeaders:KnownProxies:0"] = Proxy;
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

/// <summary>Three requests a minute per client, and no proxy configured (the default).</summary>
public sealed class NoProxyFactory : ApiFactory
{
    public NoProxyFactory() => Settings["RateLimiting:PermitLimit"] = "3";

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

/// <summary>
/// The per-address limit counts clients, not the load balancer in front of them: <c>X-Forwarded-For</c>
/// is believed only from a configured proxy, and only the entry that proxy wrote.
/// </summary>
public sealed class ClientAddressSpec(TrustedProxyFactory proxied, NoProxyFactory direct)
    : IClassFixture<TrustedProxyFactory>, IClassFixture<NoProxyFactory>
{
    [Fact]
    public async Task Two_clients_behind_the_trusted_proxy_get_separate_buckets()
    {
        var first = proxied.ClientFrom(TrustedProxyFactory.Proxy, forwardedFor: "127.0.0.5");
        var second = proxied.ClientFrom(TrustedProxyFactory.Proxy, forwardedFor: "127.0.0.6");

        var firstStatuses = await StatusesAsync(_ => first, 4);
        var secondStatuses = await StatusesAsync(_ => second, 4);

        Assert.Equal([200, 200, 200, 429], firstStatuses);
        Assert.Equal([200, 200, 200, 429], secondStatuses);
    }

    [Fact]
    public async Task An_X_Forwarded_For_sent_straight_to_the_service_changes_no_bucket()
    {
        var statuses = await StatusesAsync(i => proxied.ClientFrom("127.0.0.7", forwardedFor: $"127.0.0.{100 + i}"), 5);

        Assert.Equal([200, 200, 200, 429, 429], statuses);
    }

    [Fact]
    public async Task A_client_cannot_choose_its_bucket_by_sending_X_Forwarded_For_through_the_proxy()
    {
        // The proxy appends the address it saw; what the client sent stands to its left.
        var statuses = await StatusesAsync(i => proxied.ClientFrom(TrustedProxyFactory.Proxy, forwardedFor: $"127.0.0.{110 + i}, 127.0.0.8"), 5);

        Assert.Equal([200, 200, 200, 429, 429], statuses);
    }

    [Fact]
    public async Task Without_a_configured_proxy_no_X_Forwarded_For_is_believed_not_even_from_loopback()
    {
        // The framework's own default would trust loopback proxies; the service trusts none unless told.
        var statuses = await StatusesAsync(i => direct.ClientFrom("127.0.0.1", forwardedFor: $"127.0.0.{120 + i}"), 5);

        Assert.Equal([200, 200, 200, 429, 429], statuses);
    }

    [Fact]
    public async Task An_IPv6_client_is_counted_by_its_64_bit_prefix()
    {
        var statuses = await StatusesAsync(i => direct.ClientFrom($"2001:db8:1:2::{i + 1}"), 4);

        Assert.Equal([200, 200, 200, 429], statuses);
    }

    private static async Task<int[]> StatusesAsync(Func<int, HttpClient> client, int count)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await client(i).GetAsync("/v1/genres");
            statuses[i] = (int)response.StatusCode;
        }

        return statuses;
    }
}
