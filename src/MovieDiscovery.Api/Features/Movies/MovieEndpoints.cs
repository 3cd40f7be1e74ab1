using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Features.Genres;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.Paging;

namespace MovieDiscovery.Api.Features.Movies;

public static class MovieEndpoints
{
    public static RouteGroupBuilder MapMovies(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/movies").WithTags("Catalogue").WithConditionalGet();

        group.MapGet("/", ListMovies)
            .WithName("ListMovies")
            .WithSummary("List movies available in a country")
            .WithDescription("Movies available in `country`, optionally of one genre, ordered by year (ties by id ascending).")
            .WithSortValues(MovieListQuery.Sorts)
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
        var genreId = query.GenreId ?? MovieListing.AllGenres;
        var total = await db.ListingCounts
            .Where(c => c.CountryCode == query.CountryCode && c.GenreId == genreId)
            .Select(c => c.MovieCount)
            .SingleOrDefaultAsync(cancellationToken);
        if (query.Paging.Offset >= total)
        {
            return TypedResults.Ok(PagedList.Of<MovieSummary>([], query.Paging, total));
        }

        var listing = db.MovieListing.Where(l => l.CountryCode == query.CountryCode && l.GenreId == genreId);
        if (query.After is { } after)
        {
            // Keyset seek: the rows after the last one served, in the list's order (year, then id ascending).
            var (year, id) = ((int)after.SortKey, after.Id);
            listing = query.Ascending
                ? listing.Where(l => l.Year >= year && (l.Year > year || l.MovieId > id))
                : listing.Where(l => l.Year <= year && (l.Year < year || l.MovieId > id));
        }

        var ordered = query.Ascending
            ? listing.OrderBy(l => l.Year).ThenBy(l => l.MovieId)
            : listing.OrderByDescending(l => l.Year).ThenBy(l => l.MovieId);
        var page = query.After is null ? ordered.Skip((int)query.Paging.Offset) : ordered;
        // Deferred join: find the page's ids in the narrow index first, then read only those movies.
        var data = await page
            .Take(query.Paging.PageSize)
            .Join(db.Movies, l => l.MovieId, m => m.Id, (l, m) => new MovieSummary(m.Id, m.Title, m.Year))
            .ToListAsync(cancellationToken);
        var next = data.Count == 0 ? null : query.NextCursor(data.Count, total, data[^1].Year, data[^1].Id);
        return TypedResults.Ok(PagedList.Of<MovieSummary>(data, query.Paging, total, next));
    }

    public static async Task<Results<Ok<MovieDetail>, ApiErrorResult>> GetMovie(
        [AsParameters] MovieIdRoute route, AppDbContext db, CancellationToken cancellationToken)
    {
        var movie = await db.FindMovieDetailAsync(route.Id, cancellationToken);
        return movie is null ? ApiErrors.MovieNotFound(route.Id) : TypedResults.Ok(movie);
    }

    /// <summary>One query for a movie and its genres, cast and countries.</summary>
    public static async Task<MovieDetail?> FindMovieDetailAsync(this AppDbContext db, int movieId, CancellationToken cancellationToken)
    {
        var movie = await db.Movies.AsNoTracking()
            .Where(m => m.Id == movieId)
            .Select(m => new MovieDetail(
                m.Id,
                m.Title,
                m.Year,
                m.RuntimeMinutes,
                m.Overview,
                m.Genres.OrderBy(g => g.Genre.Name).Select(g => new GenreResponse(g.Genre.Id, g.Genre.Name)).ToList(),
                m.Cast.OrderBy(c => c.Billing).Select(c => new ActorResponse(c.Actor.Id, c.Actor.Name)).ToList(),
                m.Availability.OrderBy(a => a.CountryCode).Select(a => a.CountryCode).ToList()))
            .SingleOrDefaultAsync(cancellationToken);
        // The documented bound; SQLite cannot limit a collection inside the query (no APPLY).
        return movie is null ? null : movie with
        {
            Genres = [.. movie.Genres.Take(Limits.MaxRelatedItems)],
            Cast = [.. movie.Cast.Take(Limits.MaxRelatedItems)],
        };
    }
}
