using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>
/// What a save came to: the saved movie's detail and the stored date added, or why nothing was saved (when the movie
/// is not available in the country, where it is: <see cref="AvailableIn"/>).
/// </summary>
internal sealed record SaveResult(SaveOutcome Outcome, MovieDetail? Detail = null, DateTime DateAdded = default, IReadOnlyList<string>? AvailableIn = null)
{
    public static readonly SaveResult MovieNotFound = new(SaveOutcome.MovieNotFound);
    public static readonly SaveResult Duplicate = new(SaveOutcome.Duplicate);

    public static SaveResult Saved(MovieDetail detail, DateTime dateAdded) => new(SaveOutcome.Saved, detail, dateAdded);

    public static SaveResult Unavailable(IReadOnlyList<string> availableIn) => new(SaveOutcome.Unavailable, AvailableIn: availableIn);

    /// <summary>The answer to the save of <paramref name="movieId"/> in <paramref name="country"/>: the saved movie, or its error.</summary>
    public ApiErrorResult? Error(int movieId, string country) => Outcome switch
    {
        SaveOutcome.MovieNotFound => ApiErrors.MovieNotFound(movieId),
        SaveOutcome.Unavailable => ApiErrors.UnavailableInCountry(movieId, country, AvailableIn ?? []),
        SaveOutcome.Duplicate => ApiErrors.DuplicateSave(movieId),
        _ => null,
    };
}

internal enum SaveOutcome
{
    Saved,
    MovieNotFound,
    Unavailable,
    Duplicate,
}
