using MovieDiscovery.Api.Data;
using StackExchange.Redis;

namespace MovieDiscovery.Api.Tests.Features.RateLimiting;

/// <summary>An instance on its own Redis, with three requests a minute per client, whose log is recorded.</summary>
public sealed class RedisOutageFactory : LogCapturingApiFactory
{
    private RedisServer? _redis;

    public RedisOutageFactory() => Settings["RateLimiting:PermitLimit"] = "3";

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Redis is not started yet.");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    protected override async Task StartServicesAsync()
    {
        _redis = await RedisServer.StartAsync();
        Settings["Redis:Configuration"] = _redis.Configuration;
    }

    protected override Task<string> CreateDatabaseAsync() => NewDatabaseAsync(Provider);
}

/// <summary>
/// Redis going away never refuses a request: the limits fall back to this instance's own windows (still
/// limits), readiness stays 200, the outage is logged once, and when Redis is back the windows are
/// shared again without a restart.
/// </summary>
public sealed class RedisOutageSpec(RedisOutageFactory factory) : IClassFixture<RedisOutageFactory>
{
    private const string Unavailable = "Redis is unreachable";
    private const string Recovered = "Redis answers again";

    [Fact]
    public async Task While_Redis_is_down_requests_are_limited_per_instance_and_the_shared_windows_return_with_it()
    {
        using (var before = await factory.ClientFrom("127.0.0.40").GetAsync("/v1/genres"))
        {
            await before.ShouldBe(HttpStatusCode.OK);
            Assert.StartsWith("\"client\";r=2;", before.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        }

        Assert.True(await KeysInRedisAsync() > 0, "the window was not counted in Redis");

        await factory.Redis.StopAsync();

        var whileDown = factory.ClientFrom("127.0.0.41");
        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await whileDown.GetAsync("/v1/genres");
            statuses.Add((int)response.StatusCode);
        }

        using var ready = await factory.CreateClient().GetAsync("/health/ready");
        using var login = await factory.ClientFrom("127.0.0.44").PostAsJsonAsync("/v1/auth/token", new { email = "alice@example.com", password = "wrong" });

        Assert.Equal([200, 200, 200, 429, 429], statuses);
        await ready.ShouldBe(HttpStatusCode.OK);
        await login.ShouldFail(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        Assert.Single(factory.Logs.Entries, e => e.StartsWith("Warning ", StringComparison.Ordinal) && e.Contains(Unavailable, StringComparison.Ordinal));

        await factory.Redis.StartAgainAsync();
        var afterwards = factory.ClientFrom("127.0.0.42");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!factory.Logs.Entries.Any(e => e.Contains(Recovered, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "The service did not go back to Redis within 20 s of its return.");
            using var response = await afterwards.GetAsync("/v1/genres");
            await Task.Delay(100);
        }

        using (var after = await factory.ClientFrom("127.0.0.43").GetAsync("/v1/genres"))
        {
            await after.ShouldBe(HttpStatusCode.OK);
        }

        Assert.True(await KeysInRedisAsync() > 0, "the windows did not go back to Redis");
        Assert.Single(factory.Logs.Entries, e => e.StartsWith("Information ", StringComparison.Ordinal) && e.Contains(Recovered, StringComparison.Ordinal));
        Assert.Single(factory.Logs.Entries, e => e.Contains(Unavailable, StringComparison.Ordinal));
    }

    private async Task<long> KeysInRedisAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(factory.Redis.Configuration);
        return await redis.GetServers()[0].DatabaseSizeAsync();
    }
}
