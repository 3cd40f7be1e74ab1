using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.Paging;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Genres;

public static class GenreEndpoints
{
    public static RouteGroupBuilder MapGenres(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/genres").WithTags("Catalogue").WithRequestValidation().WithConditionalGet().WithCatalogueCache();

        group.MapGet("/", ListGenres)
            .WithName("ListGenres")
            .WithSummary("List genres")
            .WithDescription("All genres, ordered by name (ties by id), one page at a time.")
            .ProducesErrors(ErrorCodes.ValidationError);

        return group;
    }

    public static async Task<Ok<PagedList<GenreResponse>>> ListGenres(
        [AsParameters] GenreListQuery query, CatalogueReads catalogue, CancellationToken cancellationToken)
    {
        var db = await catalogue.ContextAsync(cancellationToken);
        var genres = db.Genres.OrderBy(g => g.Name).ThenBy(g => g.Id).Select(g => new GenreResponse(g.Id, g.Name));
        return TypedResults.Ok(await PagedList.ReadAsync(genres, query.Paging, cancellationToken));
    }
}

public sealed class GenreListQuery : PagedQuery;

public sealed record GenreResponse([property: Id] int Id, [property: MaxLength(200)] string Name);
