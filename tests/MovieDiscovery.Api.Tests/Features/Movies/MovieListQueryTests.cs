using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Tests.Features.Movies;

public sealed class MovieListQueryTests
{
    [Fact]
    public void Applies_the_defaults()
    {
        var query = new MovieListQuery { Country = "us" };
        var errors = new RequestErrors();

        RequestValidation.Validate(query, errors);

        Assert.False(errors.Any);
        Assert.Equal("US", query.CountryCode);
        Assert.Equal(1, query.Paging.Page);
        Assert.Equal(20, query.Paging.PageSize);
        Assert.False(query.Ascending);
        Assert.Null(query.GenreId);
    }

    [Fact]
    public void Parses_every_parameter()
    {
        var query = new MovieListQuery { Country = "BR", Genre = "7", Page = "3", PageSize = "100", Sort = "year" };
        var errors = new RequestErrors();

        RequestValidation.Validate(query, errors);

        Assert.False(errors.Any);
        Assert.Equal(7, query.GenreId);
        Assert.Equal(new MovieDiscovery.Api.Infrastructure.Paging.PageRequest(3, 100), query.Paging);
        Assert.Equal(200, query.Paging.Offset);
        Assert.True(query.Ascending);
    }

    [Fact]
    public void Reports_each_bad_parameter()
    {
        var query = new MovieListQuery { Country = "XX", Genre = "x", Page = "0", PageSize = "101", Sort = "name" };
        var errors = new RequestErrors();

        RequestValidation.Validate(query, errors);

        var details = errors.ToResult().Details;
        Assert.Equal(["country", "genre", "page", "page_size", "sort"], details.Keys.Order(StringComparer.Ordinal));
    }
}
