using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.Paging;

namespace MovieDiscovery.Api.Features.Genres;

public static class GenreEndpoints
{
    public static RouteGroupBuilder MapGenres(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/genres").WithTags("Catalogue").WithConditionalGet().WithCatalogueCache();

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
        var total = await db.Genres.CountAsync(cancellationToken);
        var data = query.Paging.Offset >= total
            ? []
            : await db.Genres.AsNoTracking()
                .OrderBy(g => g.Name).ThenBy(g => g.Id)
                .Skip((int)query.Paging.Offset).Take(query.Paging.PageSize)
                .Select(g => new GenreResponse(g.Id, g.Name))
                .ToListAsync(cancellationToken);
        return TypedResults.Ok(PagedList.Of<GenreResponse>(data, query.Paging, total));
    }
}

public sealed class GenreListQuery : PagedQuery;

public sealed record GenreResponse(int Id, string Name);
