using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>The <c>{movie_id}</c> route value, parsed strictly so "abc" is a 400 that names it.</summary>
public sealed class MovieIdRoute : IValidatedRequest
{
    [FromRoute(Name = "movie_id")]
    public string? MovieId { get; init; }

    public int Id { get; private set; }

    public void Validate(RequestErrors errors) => Id = QueryValues.RequiredId(MovieId, "movie_id", errors);
}
