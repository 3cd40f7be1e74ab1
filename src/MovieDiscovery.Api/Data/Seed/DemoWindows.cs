using MovieDiscovery.Api.Data.Entities;

namespace MovieDiscovery.Api.Data.Seed;

/// <summary>
/// The demo catalogue's availability windows, relative to when the seed runs, so "leaving soon" and "new arrivals"
/// have something to show: every country a movie lists is a window that contains now; in every tenth movie the
/// first one ends within 7 days (leaving), in another tenth it started within the last 7 days (arrived), and every
/// twenty-fifth movie also gets a window that opens in a country it is not in yet, 2 to 21 days ahead (upcoming).
/// </summary>
internal static class DemoWindows
{
    public static IEnumerable<AvailabilityWindow> For(int index, IReadOnlyList<string> countries, IReadOnlyList<string> catalogueCountries, DateTime now)
    {
        var today = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < countries.Count; i++)
        {
            var first = i == 0;
            yield return new AvailabilityWindow
            {
                CountryCode = countries[i],
                AvailableFrom = first && index % 10 == 5 ? today.AddDays(-(1 + (index % 7))) : null,
                AvailableUntil = first && index % 10 == 3 ? today.AddDays(1 + (index % 7)) : null,
            };
        }

        if (index % 25 == 7 && catalogueCountries.FirstOrDefault(c => !countries.Contains(c)) is { } upcoming)
        {
            yield return new AvailabilityWindow { CountryCode = upcoming, AvailableFrom = today.AddDays(2 + (index % 20)) };
        }
    }
}
