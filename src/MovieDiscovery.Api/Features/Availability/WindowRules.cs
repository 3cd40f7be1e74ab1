namespace MovieDiscovery.Api.Features.Availability;

/// <summary>The rules of one (movie, country)'s windows, for the availability PUT and the feed: each starts before it ends, none overlap.</summary>
public static class WindowRules
{
    /// <summary>What is wrong with the windows, naming one of them by its position, or null when they are fine.</summary>
    public static (int? Index, string Message)? FirstProblem(IReadOnlyList<(DateTime? From, DateTime? Until)> windows)
    {
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i] is { From: { } from, Until: { } until } && from >= until)
            {
                return (i, "available_from must be before available_until");
            }
        }

        // In order of start (since always first), each must end by the time the next starts.
        var ordered = Enumerable.Range(0, windows.Count).OrderBy(i => windows[i].From ?? DateTime.MinValue).ToList();
        for (var k = 1; k < ordered.Count; k++)
        {
            var (previous, next) = (windows[ordered[k - 1]], windows[ordered[k]]);
            if (previous.Until is null || next.From is null || previous.Until > next.From)
            {
                return (ordered[k], $"overlaps window {ordered[k - 1]}");
            }
        }

        return null;
    }

    /// <summary>The windows in the order they are stored and shown: by start, since always first.</summary>
    public static IEnumerable<T> InOrder<T>(IEnumerable<T> windows, Func<T, DateTime?> from) => windows.OrderBy(w => from(w) ?? DateTime.MinValue);
}
