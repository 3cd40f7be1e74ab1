using MovieDiscovery.Api.Features.Movies;

namespace MovieDiscovery.Api.Features.SavedMovies;

/// <summary>What a save came to: the saved movie's detail and the stored date added, or why nothing was saved.</summary>
internal sealed record SaveResult(SaveOutcome Outcome, MovieDetail? Detail = null, DateTime DateAdded = default)
{
    public static readonly SaveResult MovieNotFound = new(SaveOutcome.MovieNotFound);
    public static readonly SaveResult Unavailable = new(SaveOutcome.Unavailable);
    public static readonly SaveResult Duplicate = new(SaveOutcome.Duplicate);

    public static SaveResult Saved(MovieDetail detail, DateTime dateAdded) => new(SaveOutcome.Saved, detail, dateAdded);
}

internal enum SaveOutcome
{
    Saved,
    MovieNotFound,
    Unavailable,
    Duplicate,
}
