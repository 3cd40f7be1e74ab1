using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.Paging;

namespace MovieDiscovery.Api.Features.Countries;

public static class CountryEndpoints
{
    public static RouteGroupBuilder MapCountries(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/countries").WithTags("Catalogue").WithConditionalGet().WithCatalogueCache();

        group.MapGet("/", ListCountries)
            .WithName("ListCountries")
            .WithSummary("List countries with a catalogue")
            .WithDescription("The countries the service has a catalogue for, ordered by code.")
            .ProducesErrors(ErrorCodes.ValidationError);

        return group;
    }

    public static async Task<Ok<PagedList<CountryResponse>>> ListCountries(
        [AsParameters] CountryListQuery query, CatalogueReads catalogue, CancellationToken cancellationToken)
    {
        var db = await catalogue.ContextAsync(cancellationToken);
        var total = await db.Countries.CountAsync(cancellationToken);
        var data = query.Paging.Offset >= total
            ? []
            : await db.Countries.AsNoTracking()
                .OrderBy(c => c.Code)
                .Skip((int)query.Paging.Offset).Take(query.Paging.PageSize)
                .Select(c => new CountryResponse(c.Code, c.Name))
                .ToListAsync(cancellationToken);
        return TypedResults.Ok(PagedList.Of<CountryResponse>(data, query.Paging, total));
    }
}

public sealed class CountryListQuery : PagedQuery;

public sealed record CountryResponse(string Code, string Name);
