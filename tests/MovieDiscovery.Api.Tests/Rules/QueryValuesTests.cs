using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Tests.Rules;

/// <summary>The validation rules of the contract: strict integers, no clamping, assigned country codes.</summary>
public sealed class QueryValuesTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("100", 100)]
    [InlineData("007", 7)]
    public void Accepts_integers_in_range(string raw, int expected)
    {
        var errors = new RequestErrors();

        Assert.Equal(expected, QueryValues.IntInRange(raw, "page_size", 1, 100, errors));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("1.0")]
    [InlineData("1e2")]
    [InlineData("0x10")]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    public void Rejects_anything_else_without_clamping(string raw)
    {
        var errors = new RequestErrors();

        Assert.Null(QueryValues.IntInRange(raw, "page_size", 1, 100, errors));
        Assert.True(errors.Any);
        Assert.Contains("page_size", errors.ToResult().Details.Keys);
    }

    [Fact]
    public void An_absent_integer_takes_its_default()
    {
        var errors = new RequestErrors();

        Assert.Equal(20, QueryValues.IntInRange(null, "page_size", 1, 100, 20, errors));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("US", "US")]
    [InlineData("us", "US")]
    [InlineData("Br", "BR")]
    [InlineData("fr", "FR")]
    public void Normalises_assigned_country_codes(string raw, string expected)
    {
        var errors = new RequestErrors();

        Assert.Equal(expected, QueryValues.Country(raw, "country", errors));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("USA")]
    [InlineData("U1")]
    [InlineData("XX")]
    [InlineData("UK")]
    [InlineData("ÜS")]
    [InlineData("u")]
    public void Rejects_unassigned_or_malformed_country_codes(string? raw)
    {
        var errors = new RequestErrors();

        Assert.Null(QueryValues.Country(raw, "country", errors));
        Assert.True(errors.Any);
    }

    [Fact]
    public void Knows_all_249_assigned_codes()
    {
        Assert.Equal(249, CountryCodes.Count);
    }

    [Fact]
    public void Sort_accepts_only_the_listed_values_exactly()
    {
        var errors = new RequestErrors();

        Assert.Equal("year", QueryValues.OneOf("year", "sort", ["-year", "year"], "-year", errors));
        Assert.Equal("-year", QueryValues.OneOf(null, "sort", ["-year", "year"], "-year", errors));
        Assert.False(errors.Any);

        QueryValues.OneOf("Year", "sort", ["-year", "year"], "-year", errors);
        Assert.True(errors.Any);
    }
}
