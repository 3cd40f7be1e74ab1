using MovieDiscovery.Api.Data.Entities;
using MovieDiscovery.Api.Features.Movies;

namespace MovieDiscovery.Api.Tests.Features.Movies;

/// <summary>The availability and genre filters, on plain objects (the HTTP specs run them on both databases).</summary>
public sealed class MovieFiltersTests
{
    private static readonly Movie s_everywhere = MovieIn(1, ["US", "BR"], genres: [1, 2]);
    private static readonly Movie s_usOnly = MovieIn(2, ["US"], genres: [2]);
    private static readonly Movie s_nowhere = MovieIn(3, [], genres: [1]);
    private static readonly IQueryable<Movie> s_catalogue = new[] { s_everywhere, s_usOnly, s_nowhere }.AsQueryable();

    [Fact]
    public void AvailableIn_keeps_only_movies_available_in_the_country()
    {
        Assert.Equal([1, 2], s_catalogue.AvailableIn("US").Select(m => m.Id));
        Assert.Equal([1], s_catalogue.AvailableIn("BR").Select(m => m.Id));
    }

    [Fact]
    public void AvailableIn_a_country_without_catalogue_is_empty()
    {
        Assert.Empty(s_catalogue.AvailableIn("FR"));
    }

    [Fact]
    public void AvailableIn_matches_the_normalised_code_exactly()
    {
        Assert.Empty(s_catalogue.AvailableIn("us"));
    }

    [Fact]
    public void OfGenre_keeps_movies_having_the_genre_among_several()
    {
        Assert.Equal([1, 2], s_catalogue.OfGenre(2).Select(m => m.Id));
        Assert.Equal([1, 3], s_catalogue.OfGenre(1).Select(m => m.Id));
    }

    [Fact]
    public void OfGenre_without_a_genre_keeps_everything()
    {
        Assert.Equal(3, s_catalogue.OfGenre(null).Count());
    }

    [Fact]
    public void The_filters_compose()
    {
        Assert.Equal([1], s_catalogue.AvailableIn("US").OfGenre(1).Select(m => m.Id));
    }

    private static Movie MovieIn(int id, string[] countries, int[] genres)
    {
        var movie = new Movie { Id = id, Title = $"Movie {id}", Year = 2000 + id };
        movie.Availability.AddRange(countries.Select(code => new MovieAvailability { MovieId = id, CountryCode = code }));
        movie.Genres.AddRange(genres.Select(genre => new MovieGenre { MovieId = id, GenreId = genre }));
        return movie;
    }
}
