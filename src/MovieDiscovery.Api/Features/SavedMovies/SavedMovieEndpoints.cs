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

        group.MapPost("/batch", SaveMovies)
            .WithName("SaveMovies")
            .WithSummary("Save and remove several movies")
            .WithDescription("Saves the movies of `save` and removes those of `remove` (1 to 100 ids in all, each once) in one request, " +
                "which counts once for rate limiting. Answers 200 with one item per id, saves first, then removes, each in the order " +
                "sent; each item has the status and body its single route would have answered (201 with `saved_movie`, or 404 " +
                "MOVIE_NOT_FOUND, 422 UNAVAILABLE_IN_COUNTRY with `available_in`, 409 DUPLICATE_SAVE; 204, or 404 NOT_SAVED). Items " +
                "are independent: one failing leaves the others done. A bad body, or a token that may not act for this user, fails " +
                "the whole request (400, then 401/403).")
            .ProducesErrors(ErrorCodes.ValidationError, ErrorCodes.PayloadTooLarge, ErrorCodes.UnsupportedMediaType);

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
        [AsParameters] UserRoute route, SaveMovieRequest body, AppDbContext db, CancellationToken cancellationToken)
    {
        SaveResult result;
        try
        {
            result = await SavedMovieQueries.SaveAsync(db, route.UserId, body.MovieId, body.CountryCode, cancellationToken);
        }
        catch (DbException exception) when (DatabaseErrors.IsForeignKeyViolation(exception))
        {
            // The movie exists, so the user is gone: a valid token for a removed user stands for no one.
            return ApiErrors.TokenUserGone();
        }

        return result.Error(body.MovieId, body.CountryCode) is { } error
            ? error
            : TypedResults.Created($"/v1/users/{route.UserId}/saved-movies/{body.MovieId}", SavedMovieDetail.Of(result.Detail!, result.DateAdded));
    }

    public static async Task<Results<Ok<SaveBatchResponse>, ApiErrorResult>> SaveMovies(
        [AsParameters] UserRoute route, SaveBatchRequest body, AppDbContext db, HttpContext context, CancellationToken cancellationToken)
    {
        List<SaveResult> saved;
        List<bool> removed;
        try
        {
            (saved, removed) = await SavedMovieQueries.SaveBatchAsync(db, route.UserId, body.CountryCode, body.Saves, body.Removes, cancellationToken);
        }
        catch (DbException exception) when (DatabaseErrors.IsForeignKeyViolation(exception))
        {
            // As for a single save: the movies exist, so the user is gone.
            return ApiErrors.TokenUserGone();
        }

        var items = new List<SaveBatchItem>(saved.Count + removed.Count);
        foreach (var (movieId, result) in body.Saves.Zip(saved))
        {
            items.Add(result.Error(movieId, body.CountryCode) is { } error
                ? new SaveBatchItem(movieId, SaveBatchItem.SaveAction, error.StatusCode, Error: ErrorResponseWriter.ErrorOf(context, error))
                : new SaveBatchItem(movieId, SaveBatchItem.SaveAction, StatusCodes.Status201Created, SavedMovieDetail.Of(result.Detail!, result.DateAdded)));
        }

        foreach (var (movieId, gone) in body.Removes.Zip(removed))
        {
            items.Add(gone
                ? new SaveBatchItem(movieId, SaveBatchItem.RemoveAction, StatusCodes.Status204NoContent)
                : new SaveBatchItem(movieId, SaveBatchItem.RemoveAction, StatusCodes.Status404NotFound, Error: ErrorResponseWriter.ErrorOf(context, ApiErrors.NotSaved(movieId))));
        }

        return TypedResults.Ok(new SaveBatchResponse(items));
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
}
