namespace MovieDiscovery.Api.Tests.Features.Benchmark;

public sealed class BaselineEndpointSpec(SqliteApiFactory factory) : ApiSpec<SqliteApiFactory>(factory)
{
    [Fact]
    public async Task Is_not_served_unless_switched_on()
    {
        using var response = await Client.GetAsync("/bench/baseline");

        await response.ShouldFail(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Serves_a_20_movie_page_without_the_database_when_switched_on()
    {
        await using var benchmark = new SqliteApiFactory();
        benchmark.Settings["Benchmark:BaselineEndpoint"] = "true";
        await benchmark.InitializeAsync();

        using var response = await benchmark.CreateClient().GetAsync("/bench/baseline");

        var page = await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(20, page.GetProperty("data").GetArrayLength());
    }
}
