namespace MovieDiscovery.Api.Data.Entities;

/// <summary>How many movies a (country, genre) list has; maintained with <see cref="MovieListing"/>, so totals are exact without counting.</summary>
public sealed class ListingCount
{
    public required string CountryCode { get; set; }
    public int GenreId { get; set; }
    public int MovieCount { get; set; }
}
