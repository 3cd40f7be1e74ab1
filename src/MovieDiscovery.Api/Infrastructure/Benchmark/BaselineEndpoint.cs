using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Paging;

namespace MovieDiscovery.Api.Infrastructure.Benchmark;

/// <summary>
/// <c>GET /bench/baseline</c>: a 20-movie page served without touching the database, through the same
/// pipeline and JSON path as the real list. The benchmark measures this machine's HTTP+JSON ceiling with it.
/// Off unless <c>Benchmark:BaselineEndpoint=true</c>; never in the OpenAPI document.
/// </summary>
public static class BaselineEndpoint
{
    public const string SettingKey = "Benchmark:BaselineEndpoint";

    private static readonly PagedList<MovieSummary> s_page = PagedList.Of(
        Enumerable.Range(1, 20).Select(i => new MovieSummary(500_000 + i, $"The Silent Harbor of the Prophecy {i}", 2000 + i)).ToList(),
        new PageRequest(1, 20),
        601_234);

    public static IEndpointRouteBuilder MapBenchmarkBaseline(this IEndpointRouteBuilder app)
    {
        app.MapGet("/bench/baseline", () => TypedResults.Ok(s_page)).ExcludeFromDescription();
        return app;
    }
}
