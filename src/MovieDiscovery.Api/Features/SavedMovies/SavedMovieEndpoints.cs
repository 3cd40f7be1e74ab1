using System.Data.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.Paging;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.SavedMovies;

public static class SavedMovieEndpoints
{
    public static RouteGroupBuilder MapSavedMovies(this RouteGroupBuilder v1)
    {
        // The checks run in the contract's order: 400 validation, then 401/403 ownership.
        var group = v1.MapGroup("/users/{user_id}/saved-movies")
            .WithTags("Saved movies")
            .WithRequestValidation()
            .RequireOwner();

        group.MapGet("/", ListSavedMovies)
            .WithName("ListSavedMovies")
            .WithSummary("List a user's saved movies available in a country")
            .WithDescription("The movies the user saved that are available in `country`, by date added (ties by movie id).")
            .ProducesErrors(ErrorCodes.ValidationError);

        group.MapPost("/", SaveMovie)
            .WithName("SaveMovie")
            .WithSummary("Save a movie")
            .WithDescription("Adds a movie available in `country` to the user's list. Checks, in order: 400, 401/403, 404 MOVIE_NOT_FOUND, 422 UNAVAILABLE_IN_COUNTRY, 409 DUPLICATE_SAVE.")
            .ProducesErrors(ErrorCodes.ValidationError, ErrorCodes.MovieNotFound, ErrorCodes.UnavailableInCountry, ErrorCodes.DuplicateSave,
                ErrorCodes.PayloadTooLarge, ErrorCodes.UnsupportedMediaType);

        group.MapGet("/{movie_id}", GetSavedMovie)
            .WithName("GetSavedMovie")
            .WithSummary("Get one saved movie")
            .WithDescription("The saved movie's detail and when it was saved; the `Location` of a save points here.")
            .ProducesErrors(ErrorCodes.ValidationError, ErrorCodes.NotSaved);

        group.MapDelete("/{movie_id}", RemoveSavedMovie)
            .WithName("RemoveSavedMovie")
            .WithSummary("Remove a saved movie")
            .WithDescription("Removes the movie from the user's list: 204, or 404 NOT_SAVED when it is not in the list (deliberately not idempotent).")
            .ProducesErrors(ErrorCodes.ValidationError, ErrorCodes.NotSaved);

        return group;
    }

    public static async Task<Ok<PagedList<SavedMovieSummary>>> ListSavedMovies(
        [AsParameters] SavedMovieListQuery query, AppDbContext db, CancellationToken cancellationToken)
    {
        var (user, country, size) = (query.UserId, query.CountryCode, query.Paging.PageSize);
        var total = await SavedMovieQueries.Total.For(db)(db, user, country, cancellationToken);
        if (query.Paging.Offset >= total)
        {
            return TypedResults.Ok(PagedList.Of<SavedMovieSummary>([], query.Paging, total));
        }

        var rows = (query.After, query.Ascending) switch
        {
            (null, false) => SavedMovieQueries.PageNewestFirst.For(db)(db, user, country, (int)query.Paging.Offset, size),
            (null, true) => SavedMovieQueries.PageOldestFirst.For(db)(db, user, country, (int)query.Paging.Offset, size),
            ({ } after, false) => SavedMovieQueries.AfterNewestFirst.For(db)(db, user, country, new DateTime(after.SortKey, DateTimeKind.Utc), after.Id, size),
            ({ } after, true) => SavedMovieQueries.AfterOldestFirst.For(db)(db, user, country, new DateTime(after.SortKey, DateTimeKind.Utc), after.Id, size),
        };
        var data = await rows.ToListAsync(cancellationToken);
        var next = data.Count == 0 ? null : query.NextCursor(data.Count, total, data[^1].DateAdded.Ticks, data[^1].Id);
        return TypedResults.Ok(PagedList.Of<SavedMovieSummary>(data, query.Paging, total, next));
    }

    public static async Task<Results<Created<SavedMovieDetail>, ApiErrorResult>> SaveMovie(
        [AsParameters] UserRoute route, SaveMovieRequest body, AppDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var dateAdded = TruncateToMicroseconds(clock.GetUtcNow().UtcDateTime);
        SaveResult result;
        try
        {
            result = await SavedMovieQueries.SaveAsync(db, route.UserId, body.MovieId, body.CountryCode, dateAdded, cancellationToken);
        }
        catch (DbException exception) when (DatabaseErrors.IsForeignKeyViolation(exception))
        {
            // The movie exists, so the user is gone: a valid token for a removed user stands for no one.
            return ApiErrors.TokenUserGone();
        }

        return result.Outcome switch
        {
            SaveOutcome.MovieNotFound => ApiErrors.MovieNotFound(body.MovieId),
            SaveOutcome.Unavailable => ApiErrors.UnavailableInCountry(body.MovieId, body.CountryCode),
            SaveOutcome.Duplicate => ApiErrors.DuplicateSave(body.MovieId),
            _ => TypedResults.Created($"/v1/users/{route.UserId}/saved-movies/{body.MovieId}", SavedMovieDetail.Of(result.Detail!, dateAdded)),
        };
    }

    public static async Task<Results<Ok<SavedMovieDetail>, ApiErrorResult>> GetSavedMovie(
        [AsParameters] UserRoute user, [AsParameters] MovieIdRoute movie, AppDbContext db, CancellationToken cancellationToken)
    {
        var saved = await db.SavedMovies
            .Where(s => s.UserId == user.UserId && s.MovieId == movie.Id)
            .Select(s => (DateTime?)s.DateAdded)
            .SingleOrDefaultAsync(cancellationToken);
        var detail = saved is null ? null : await MovieQueries.FindDetailAsync(db, movie.Id, cancellationToken);
        return detail is null ? ApiErrors.NotSaved(movie.Id) : TypedResults.Ok(SavedMovieDetail.Of(detail, saved!.Value));
    }

    public static async Task<Results<NoContent, ApiErrorResult>> RemoveSavedMovie(
        [AsParameters] UserRoute user, [AsParameters] MovieIdRoute movie, AppDbContext db, CancellationToken cancellationToken)
    {
        var removed = await db.SavedMovies
            .Where(s => s.UserId == user.UserId && s.MovieId == movie.Id)
            .ExecuteDeleteAsync(cancellationToken);
        return removed == 0 ? ApiErrors.NotSaved(movie.Id) : TypedResults.NoContent();
    }

    /// <summary>PostgreSQL keeps microseconds; answering with the stored value keeps responses and reads equal.</summary>
    private static DateTime TruncateToMicroseconds(DateTime value) => new(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc);
}
