using MovieDiscovery.Api.Data;

namespace MovieDiscovery.Api.Tests.Features.RateLimiting;

/// <summary>One instance of the service: a database and a Redis it shares with other instances.</summary>
public sealed class InstanceFactory : ApiFactory
{
    private readonly string _connectionString;

    public InstanceFactory(string connectionString, RedisServer redis)
    {
        _connectionString = connectionString;
        Settings["Redis:Configuration"] = redis.Configuration;
    }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() => Task.FromResult(_connectionString);
}

/// <summary>Two instances on one database and one Redis, with small limits.</summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public const int PermitLimit = 8;
    public const int TokenPermitLimit = 4;

    public RedisServer Redis { get; private set; } = null!;

    public InstanceFactory A { get; private set; } = null!;

    public InstanceFactory B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        var database = await ApiFactory.NewDatabaseAsync(DatabaseProvider.Sqlite);
        A = await StartAsync(database);
        B = await StartAsync(database);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
    }

    private async Task<InstanceFactory> StartAsync(string database)
    {
        var instance = new InstanceFactory(database, Redis);
        instance.Settings["RateLimiting:PermitLimit"] = PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        instance.Settings["RateLimiting:TokenPermitLimit"] = TokenPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        instance.Settings["RateLimiting:LoginFreeFailures"] = "2";
        instance.Settings["RateLimiting:LoginBaseDelaySeconds"] = "60";
        await instance.InitializeAsync();
        return instance;
    }
}

/// <summary>
/// With <c>Redis:Configuration</c> set, every window lives in Redis: a client gets its limit once across
/// all instances, not once per instance, and the <c>RateLimit</c> headers report that shared count.
/// </summary>
public sealed class SharedLimitsSpec(TwoInstances instances) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task Requests_spread_over_two_instances_get_exactly_the_limit_with_the_shared_count_in_RateLimit()
    {
        var clients = new[] { instances.A.ClientFrom("127.0.0.20"), instances.B.ClientFrom("127.0.0.20") };
        var remaining = new List<string>();
        var statuses = new List<int>();

        for (var i = 0; i < TwoInstances.PermitLimit + 10; i++)
        {
            using var response = await clients[i % 2].GetAsync("/v1/genres");
            statuses.Add((int)response.StatusCode);
            remaining.Add(response.Headers.GetValues("RateLimit").Single().Split(';')[1]);
        }

        Assert.Equal(TwoInstances.PermitLimit, statuses.Count(s => s == 200));
        Assert.All(statuses.Skip(TwoInstances.PermitLimit), s => Assert.Equal(429, s));
        Assert.Equal(
            Enumerable.Range(0, TwoInstances.PermitLimit).Select(i => $"r={TwoInstances.PermitLimit - 1 - i}").Concat(Enumerable.Repeat("r=0", 10)),
            remaining);
    }

    [Fact]
    public async Task A_refusal_says_when_the_shared_window_renews()
    {
        var client = instances.A.ClientFrom("127.0.0.21");
        for (var i = 0; i < TwoInstances.PermitLimit; i++)
        {
            using var allowed = await client.GetAsync("/v1/genres");
            await allowed.ShouldBe(HttpStatusCode.OK);
        }

        using var refused = await instances.B.ClientFrom("127.0.0.21").GetAsync("/v1/genres");

        var details = await refused.ShouldFail(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 61);
        Assert.InRange(details.GetProperty("retry_after_seconds").GetInt32(), 1, 61);
    }

    [Fact]
    public async Task The_token_endpoint_limit_is_shared_by_the_instances()
    {
        var clients = new[] { instances.A.ClientFrom("127.0.0.22"), instances.B.ClientFrom("127.0.0.22") };
        var statuses = new List<int>();

        for (var i = 0; i < TwoInstances.TokenPermitLimit + 10; i++)
        {
            using var response = await clients[i % 2].PostAsJsonAsync("/v1/auth/token", new { email = $"nobody-{Guid.NewGuid():N}@test.example", password = "wrong" });
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(401, TwoInstances.TokenPermitLimit).Concat(Enumerable.Repeat(429, 10)), statuses);
    }

    [Fact]
    public async Task A_users_window_is_shared_by_the_instances()
    {
        var user = await instances.A.CreateUserAsync();
        var clients = new[] { instances.A.ClientFor(user), instances.B.ClientFor(user) };
        var statuses = new List<int>();

        for (var i = 0; i < TwoInstances.PermitLimit + 4; i++)
        {
            using var response = await clients[i % 2].GetAsync("/v1/me");
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(200, TwoInstances.PermitLimit).Concat(Enumerable.Repeat(429, 4)), statuses);
    }

    [Fact]
    public async Task An_accounts_login_failures_are_counted_by_every_instance()
    {
        var user = await instances.A.CreateUserAsync();
        var statuses = new List<int>();

        for (var i = 0; i < 4; i++)
        {
            var instance = i % 2 == 0 ? instances.A : instances.B;
            using var response = await instance.ClientFrom($"127.0.0.{30 + i}").PostAsJsonAsync("/v1/auth/token", new { email = user.Email, password = "wrong" });
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([401, 401, 429, 429], statuses);
    }
}
