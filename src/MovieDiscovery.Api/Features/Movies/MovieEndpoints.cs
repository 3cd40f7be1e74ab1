using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.Paging;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Movies;

public static class MovieEndpoints
{
    public static RouteGroupBuilder MapMovies(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/movies").WithTags("Catalogue").WithRequestValidation().WithConditionalGet();

        group.MapGet("/", ListMovies)
            .WithName("ListMovies")
            .WithSummary("List movies available in a country")
            .WithDescription("Movies available in `country`, optionally of one genre, ordered by year (ties by id ascending).")
            .WithCatalogueCache()
            .ProducesErrors(ErrorCodes.ValidationError);

        group.MapGet("/{movie_id}", GetMovie)
            .WithName("GetMovie")
            .WithSummary("Get a movie")
            .WithDescription("A movie with its genres, cast and the countries where it is available.")
            .ProducesErrors(ErrorCodes.ValidationError, ErrorCodes.MovieNotFound);

        return group;
    }

    public static async Task<Ok<PagedList<MovieSummary>>> ListMovies(
        [AsParameters] MovieListQuery query, AppDbContext db, CancellationToken cancellationToken)
    {
        // The listing and its counts are maintained by the database (see MovieListing): the total is
        // one key lookup and a page is read in order from one index, however deep.
        var (country, genre, size) = (query.CountryCode, query.GenreId ?? MovieListing.AllGenres, query.Paging.PageSize);
        var total = await MovieQueries.Total.For(db)(db, country, genre, cancellationToken);
        if (query.Paging.Offset >= total)
        {
            return TypedResults.Ok(PagedList.Of<MovieSummary>([], query.Paging, total));
        }

        var rows = (query.After, query.Ascending) switch
        {
            (null, false) => MovieQueries.PageNewestFirst.For(db)(db, country, genre, (int)query.Paging.Offset, size),
            (null, true) => MovieQueries.PageOldestFirst.For(db)(db, country, genre, (int)query.Paging.Offset, size),
            ({ } after, false) => MovieQueries.AfterNewestFirst.For(db)(db, country, genre, (int)after.SortKey, after.Id, size),
            ({ } after, true) => MovieQueries.AfterOldestFirst.For(db)(db, country, genre, (int)after.SortKey, after.Id, size),
        };
        var data = await rows.ToListAsync(cancellationToken);
        var next = data.Count == 0 ? null : query.NextCursor(data.Count, total, data[^1].Year, data[^1].Id);
        return TypedResults.Ok(PagedList.Of<MovieSummary>(data, query.Paging, total, next));
    }

    public static async Task<Results<Ok<MovieDetail>, ApiErrorResult>> GetMovie(
        [AsParameters] MovieIdRoute route, AppDbContext db, CancellationToken cancellationToken)
    {
        var movie = await MovieQueries.FindDetailAsync(db, route.Id, cancellationToken);
        return movie is null ? ApiErrors.MovieNotFound(route.Id) : TypedResults.Ok(movie);
    }
}
