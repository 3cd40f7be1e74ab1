namespace MovieDiscovery.Api.Tests.Features.Security;

/// <summary>An application whose every client may make 5 requests a minute.</summary>
public sealed class LowRateLimitFactory : ApiFactory
{
    public LowRateLimitFactory()
    {
        Settings["RateLimiting:PermitLimit"] = "5";
        Settings["RateLimiting:WindowSeconds"] = "60";
    }

    public override MovieDiscovery.Api.Data.DatabaseProvider Provider => MovieDiscovery.Api.Data.DatabaseProvider.Sqlite;

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult($"Data Source={Path.Combine(Directory.CreateTempSubdirectory("movies-sqlite-").FullName, "movies.db")}");
}

/// <summary>Every route is limited per client: per user with a token, per IP address without.</summary>
public sealed class RateLimitSpec(LowRateLimitFactory factory) : IClassFixture<LowRateLimitFactory>
{
    private readonly LowRateLimitFactory _factory = factory;

    [Fact]
    public async Task Answers_429_with_Retry_After_and_RateLimit_headers_past_the_limit()
    {
        var client = _factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var allowed = await client.GetAsync("/v1/genres");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal("\"client\";q=5;w=60", allowed.Headers.GetValues("RateLimit-Policy").Single());
            Assert.Equal($"\"client\";r={4 - i};t=60", allowed.Headers.GetValues("RateLimit").Single());
        }

        using var rejected = await client.GetAsync("/v1/genres");

        await rejected.ShouldFail(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(rejected.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("\"client\";r=0;t=60", rejected.Headers.GetValues("RateLimit").Single());
    }

    [Fact]
    public async Task One_noisy_user_does_not_use_up_another_users_allowance()
    {
        var noisy = await _factory.CreateUserAsync();
        var quiet = await _factory.CreateUserAsync();
        var noisyClient = _factory.ClientFor(noisy);
        for (var i = 0; i < 6; i++)
        {
            using var _ = await noisyClient.GetAsync("/v1/me");
        }

        using var noisyAgain = await noisyClient.GetAsync("/v1/me");
        using var quietResponse = await _factory.ClientFor(quiet).GetAsync("/v1/me");

        await noisyAgain.ShouldFail(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        await quietResponse.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_probes_are_never_limited()
    {
        var client = _factory.CreateClient();
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
