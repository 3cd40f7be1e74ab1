using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>The <c>{movie_id}</c> route value, parsed strictly so "abc" is a 400 that names it.</summary>
public sealed class MovieIdRoute : IValidatedRequest
{
    private static readonly RequestRules s_rules = RequestRules.Of<MovieIdRoute>();

    [FromRoute(Name = "movie_id"), Required, Id, Description("A movie id.")]
    public string? MovieId { get; init; }

    public int Id { get; private set; }

    public void Validate(RequestErrors errors) => Id = s_rules.Number(nameof(MovieId), MovieId) ?? 0;
}
