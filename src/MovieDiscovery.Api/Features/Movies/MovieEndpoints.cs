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
            .WithDescription("Movies available in `country`, optionally only those of some genres (any or all of them), without " +
                "others, from some years, whose title words start with the words of `q` (ignoring case and accents), or leaving " +
                "or arrived within some days; by year, by when they leave or arrived (ties by id ascending) or, with `q`, by " +
                "relevance. The total is exact; `next_cursor` continues any of these lists.")
            // A list "within days" of now changes as time passes, with no catalogue change to empty the cache.
            .WithCatalogueCache(MovieListQuery.LeavingWithinDaysName, MovieListQuery.ArrivedWithinDaysName)
            .ProducesErrors(ErrorCodes.ValidationError);

        group.MapGet("/{movie_id}", GetMovie)
            .WithName("GetMovie")
            .WithSummary("Get a movie")
            .WithDescription("A movie with its genres, cast, the countries where it is available now, and its current and upcoming "
                + "availability windows (starting within the next 90 days).")
            .ProducesErrors(ErrorCodes.ValidationError, ErrorCodes.MovieNotFound);

        return group;
    }

    public static async Task<Ok<PagedList<MovieListItem>>> ListMovies(
        [AsParameters] MovieListQuery query, CatalogueReads catalogue, CancellationToken cancellationToken)
    {
        var db = await catalogue.ContextAsync(cancellationToken);
        if (!query.IsListing)
        {
            return await FindMoviesAsync(query, db, cancellationToken);
        }

        // The listing and its counts are maintained by the database (see MovieListing): the total is
        // one key lookup and a page is read in order from one index, however deep.
        var (country, genre, size) = (query.CountryCode, query.GenreId ?? MovieListing.AllGenres, query.Paging.PageSize);
        var total = await MovieQueries.Total.For(db)(db, country, genre, cancellationToken);
        if (query.Paging.Offset >= total)
        {
            return TypedResults.Ok(PagedList.Of<MovieListItem>([], query.Paging, total));
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
        return TypedResults.Ok(PagedList.Of(data, query.Paging, total, next));
    }

    /// <summary>Any other filter: counted and paged from the search table (see MovieQueries.FindAsync).</summary>
    private static async Task<Ok<PagedList<MovieListItem>>> FindMoviesAsync(MovieListQuery query, AppDbContext db, CancellationToken cancellationToken)
    {
        var found = await MovieQueries.FindAsync(db, query.Filter, query.Paging.Offset, query.Paging.PageSize, query.Position, cancellationToken);
        var data = found.Movies.Select(m => m.Movie).ToList();
        var next = data.Count == 0 ? null : query.NextCursor(data.Count, found.Total, query.SortKeyOf(found.Movies[^1].Position), data[^1].Id);
        var items = await MovieQueries.ListItemsAsync(db, query.CountryCode, data, cancellationToken);
        return TypedResults.Ok(PagedList.Of(items, query.Paging, found.Total, next));
    }

    public static async Task<Results<Ok<MovieDetail>, ApiErrorResult>> GetMovie(
        [AsParameters] MovieIdRoute route, CatalogueReads catalogue, CancellationToken cancellationToken)
    {
        var db = await catalogue.ContextAsync(cancellationToken);
        var movie = await MovieQueries.FindDetailAsync(db, route.Id, cancellationToken);
        return movie is null ? ApiErrors.MovieNotFound(route.Id) : TypedResults.Ok(movie);
    }
}
