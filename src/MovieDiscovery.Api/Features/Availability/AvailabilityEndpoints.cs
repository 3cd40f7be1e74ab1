using Microsoft.AspNetCore.Http.HttpResults;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Availability;

public static class AvailabilityEndpoints
{
    public static RouteGroupBuilder MapAvailability(this RouteGroupBuilder v1)
    {
        // The checks run in the contract's order: 400 validation, then 401/403 (admins only).
        var group = v1.MapGroup("/movies/{movie_id}/availability")
            .WithTags("Operators")
            .WithRequestValidation()
            .RequireAdmin();

        group.MapPut("/{country}", ReplaceWindows)
            .WithName("ReplaceAvailabilityWindows")
            .WithSummary("Replace a movie's availability windows in a country")
            .WithDescription("Admins only. Replaces every window of the movie in `country` with the ones given (an empty list makes it "
                + "unavailable there); windows are `[available_from, available_until)` in UTC and must not overlap. The change is "
                + "applied before the answer, so the list, its totals and the detail show it at once. A country the catalogue has "
                + "no movie in yet is added to it.")
            .ProducesErrors(ErrorCodes.ValidationError, ErrorCodes.MovieNotFound, ErrorCodes.PayloadTooLarge, ErrorCodes.UnsupportedMediaType);

        return group;
    }

    public static async Task<Results<Ok<PairAvailabilityResponse>, ApiErrorResult>> ReplaceWindows(
        [AsParameters] AvailabilityRoute route, ReplaceWindowsRequest body, AppDbContext db, CatalogueResponseCache cache,
        StandbyFreshness freshness, CancellationToken cancellationToken)
    {
        var windows = body.Windows!.Select(w => (w.AvailableFrom, w.AvailableUntil)).ToList();
        var stored = await AvailabilityWrites.ReplaceAsync(db, route.Id, route.CountryCode, windows, cancellationToken);
        // This instance's next read shows the change even before the database's notification reaches its listener
        // (other instances learn it from that notification, within milliseconds).
        freshness.Notified();
        cache.Invalidate();
        return stored is null
            ? ApiErrors.MovieNotFound(route.Id)
            : TypedResults.Ok(new PairAvailabilityResponse(route.Id, route.CountryCode, [.. stored.Select(w => new WindowBody(w.From, w.Until))]));
    }
}
