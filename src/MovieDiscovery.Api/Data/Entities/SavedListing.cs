namespace MovieDiscovery.Api.Data.Entities;

/// <summary>
/// A saved movie in one country it is available in: one row per (save, availability) pair, maintained by
/// database triggers on saved_movies and movie_availability, so a saved list in a country is one ordered
/// index range however deep the page (as <see cref="MovieListing"/> is for the catalogue).
/// </summary>
public sealed class SavedListing
{
    public int UserId { get; set; }
    public required string CountryCode { get; set; }
    public DateTime DateAdded { get; set; }
    public int MovieId { get; set; }
}
