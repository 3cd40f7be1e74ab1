namespace MovieDiscovery.Api.Data.Seed;

/// <summary>The shape of the embedded <c>demo-catalog.json</c>: real films, genres, actors and availability.</summary>
internal sealed record DemoCatalog(
    IReadOnlyList<string> Genres,
    IReadOnlyList<DemoCountry> Countries,
    IReadOnlyList<string> Actors,
    IReadOnlyList<DemoMovie> Movies);

internal sealed record DemoCountry(string Code, string Name);

internal sealed record DemoMovie(
    string Title,
    int Year,
    int? RuntimeMinutes,
    string? Overview,
    IReadOnlyList<string> Genres,
    IReadOnlyList<string> Cast,
    IReadOnlyList<string> Countries);
