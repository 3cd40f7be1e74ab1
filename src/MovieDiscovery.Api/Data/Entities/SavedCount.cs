namespace MovieDiscovery.Api.Data.Entities;

/// <summary>
/// How many of a user's saved movies are available in a country; maintained by database triggers on
/// saved_movies and movie_availability, so a saved list's total is one key lookup however long the list.
/// </summary>
public sealed class SavedCount
{
    public int UserId { get; set; }
    public required string CountryCode { get; set; }
    public int MovieCount { get; set; }
}
