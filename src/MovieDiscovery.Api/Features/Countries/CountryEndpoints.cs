using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.Paging;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Countries;

public static class CountryEndpoints
{
    public static RouteGroupBuilder MapCountries(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/countries").WithTags("Catalogue").WithRequestValidation().WithConditionalGet().WithCatalogueCache();

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
        var countries = db.Countries.OrderBy(c => c.Code).Select(c => new CountryResponse(c.Code, c.Name));
        return TypedResults.Ok(await PagedList.ReadAsync(countries, query.Paging, cancellationToken));
    }
}

public sealed class CountryListQuery : PagedQuery;

public sealed record CountryResponse([property: CountryCode] string Code, [property: MaxLength(200)] string Name);
