using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Tests.Rules;

/// <summary>The validation rules of the contract, as request types declare them: strict integers, no clamping, assigned country codes.</summary>
public sealed class ParameterRuleTests
{
    private static readonly RequestRules s_rules = RequestRules.Of<Sample>();

    [Theory]
    [InlineData("1", 1)]
    [InlineData("100", 100)]
    [InlineData("007", 7)]
    public void Accepts_integers_in_range(string raw, int expected)
    {
        var errors = Check(new Sample { PageSize = raw, Country = "US" });

        Assert.Equal(expected, s_rules.Number(nameof(Sample.PageSize), raw));
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
        var errors = Check(new Sample { PageSize = raw });

        Assert.Equal("must be an integer from 1 to 100", errors.ToResult().Details["page_size"]);
        Assert.Equal(20, s_rules.Number(nameof(Sample.PageSize), raw));
    }

    [Fact]
    public void An_absent_integer_takes_its_default()
    {
        var errors = Check(new Sample());

        Assert.Equal(20, s_rules.Number(nameof(Sample.PageSize), null));
        Assert.False(errors.ToResult().Details.ContainsKey("page_size"));
    }

    [Theory]
    [InlineData("US", "US")]
    [InlineData("us", "US")]
    [InlineData("Br", "BR")]
    [InlineData("fr", "FR")]
    public void Normalises_assigned_country_codes(string raw, string expected)
    {
        var errors = Check(new Sample { Country = raw });

        Assert.Equal(expected, s_rules.Text(nameof(Sample.Country), raw));
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
        var errors = Check(new Sample { Country = raw });

        Assert.Null(s_rules.Text(nameof(Sample.Country), raw));
        Assert.Contains("country", errors.ToResult().Details.Keys);
    }

    [Fact]
    public void Knows_all_249_assigned_codes()
    {
        Assert.Equal(249, CountryCodes.Count);
    }

    [Fact]
    public void Sort_accepts_only_the_listed_values_exactly()
    {
        Assert.False(Check(new Sample { Country = "US", Sort = "year" }).Any);
        Assert.Equal("year", s_rules.Text(nameof(Sample.Sort), "year"));
        Assert.Equal("-year", s_rules.Text(nameof(Sample.Sort), null));

        Assert.Equal("must be one of: -year, year", Check(new Sample { Country = "US", Sort = "Year" }).ToResult().Details["sort"]);
    }

    private static RequestErrors Check(Sample request)
    {
        var errors = new RequestErrors();
        s_rules.Check(request, errors);
        return errors;
    }

    private sealed class Sample
    {
        [FromQuery(Name = "page_size"), Range(1, 100), DefaultValue("20")]
        public string? PageSize { get; init; }

        [FromQuery(Name = "country"), Required, CountryCode]
        public string? Country { get; init; }

        [FromQuery(Name = "sort"), AllowedValues("-year", "year"), DefaultValue("-year")]
        public string? Sort { get; init; }
    }
}
