using MovieDiscovery.Api.Features.Movies;

namespace MovieDiscovery.Api.Tests.Rules;

/// <summary>Where a filtered list's page starts, from its counts per (class,) year: any depth reads from the year it starts in.</summary>
public sealed class SearchPagePlanTests
{
    // Newest first: 2020 has 3 movies, 2019 has 5, 2010 has 2.
    private static readonly YearCount[] s_years = [new(0, 2020, 3), new(0, 2019, 5), new(0, 2010, 2)];

    // By relevance: class 0 in 2001; class 1 in 2005 and 1999; class 2 in 2010.
    private static readonly YearCount[] s_classes = [new(0, 2001, 1), new(1, 2005, 2), new(1, 1999, 4), new(2, 2010, 3)];

    [Theory]
    [InlineData(0, 2020, 0)]
    [InlineData(2, 2020, 2)]
    [InlineData(3, 2019, 0)]
    [InlineData(7, 2019, 4)]
    [InlineData(9, 2010, 1)]
    public void A_page_number_starts_in_the_year_of_its_first_movie_skipping_only_that_years_earlier_ones(long offset, int year, long skip)
    {
        var segment = Assert.Single(SearchPagePlan.Segments(s_years, ascending: false, offset, after: null));

        Assert.Equal(new SearchSegment(0, year, 0, 2010, skip), segment);
    }

    [Fact]
    public void A_page_past_the_end_reads_nothing()
    {
        Assert.Empty(SearchPagePlan.Segments(s_years, ascending: false, 10, after: null));
        Assert.Empty(SearchPagePlan.Segments([], ascending: false, 0, after: null));
    }

    [Fact]
    public void A_cursor_seeks_after_its_movie_up_to_the_last_year()
    {
        var segment = Assert.Single(SearchPagePlan.Segments(s_years, ascending: false, 40, new MoviePosition(0, 2019, 17)));

        Assert.Equal(new SearchSegment(0, 2019, 17, 2010, 0), segment);
    }

    [Fact]
    public void By_relevance_a_page_goes_on_into_the_next_classes()
    {
        var segments = SearchPagePlan.Segments(s_classes, ascending: false, 2, after: null);

        Assert.Equal([new SearchSegment(1, 2005, 0, 1999, 1), new SearchSegment(2, 2010, 0, 2010, 0)], segments);
    }

    [Fact]
    public void A_cursor_past_its_class_starts_at_the_next_class_that_has_movies()
    {
        Assert.Equal(new SearchSegment(2, 2010, 0, 2010, 0), SearchPagePlan.Segments(s_classes, ascending: false, 7, new MoviePosition(1, 1998, 5))[0]);
        Assert.Equal(new SearchSegment(1, 2005, 0, 1999, 0), SearchPagePlan.Segments(s_classes[1..], ascending: false, 1, new MoviePosition(0, 2001, 9))[0]);
        Assert.Empty(SearchPagePlan.Segments(s_classes, ascending: false, 9, new MoviePosition(2, 2009, 1)));
    }

    [Fact]
    public void Oldest_first_the_last_year_is_the_latest()
    {
        YearCount[] years = [new(0, 1990, 2), new(0, 1995, 4)];

        Assert.Equal(new SearchSegment(0, 1995, 0, 1995, 1), Assert.Single(SearchPagePlan.Segments(years, ascending: true, 3, after: null)));
        Assert.Equal(new SearchSegment(0, 1990, 4, 1995, 0), Assert.Single(SearchPagePlan.Segments(years, ascending: true, 2, new MoviePosition(0, 1990, 4))));
        Assert.Empty(SearchPagePlan.Segments(years, ascending: true, 6, new MoviePosition(0, 1996, 1)));
    }
}
