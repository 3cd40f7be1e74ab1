using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using MovieDiscovery.Api.Features.Availability;
using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Json;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Features.Feed;

/// <summary>A line of a feed file: its number (from 1) and either the movie it holds or why it was rejected.</summary>
public sealed record FeedLine(int Number, FeedMovie? Movie, string? Problem);

/// <summary>
/// Reads a feed file line by line and checks each line as the API checks a request: strict JSON (the API's options),
/// the bounds declared on <see cref="FeedMovie"/> and <see cref="FeedWindow"/>, the window rules of the availability
/// PUT, and one line per external id in the whole file.
/// </summary>
public sealed class FeedLines
{
    public const int MaxGenreName = 100;
    public const int MaxActorName = 200;

    private static readonly JsonSerializerOptions s_json = CreateOptions();
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public static async IAsyncEnumerable<FeedLine> ReadAsync(TextReader reader)
    {
        var lines = new FeedLines();
        var number = 0;
        while (await reader.ReadLineAsync() is { } text)
        {
            number++;
            if (text.Length > 0)
            {
                yield return lines.Check(number, text);
            }
        }
    }

    private FeedLine Check(int number, string text)
    {
        FeedMovie? movie;
        try
        {
            movie = JsonSerializer.Deserialize<FeedMovie>(text, s_json);
        }
        catch (JsonException exception)
        {
            return new FeedLine(number, null, $"not a movie: {exception.Message}");
        }

        if (movie is null)
        {
            return new FeedLine(number, null, "not a movie: null");
        }

        if (Problem(movie) is { } problem)
        {
            return new FeedLine(number, null, problem);
        }

        if (!_seen.TryAdd(movie.ExternalId, number))
        {
            return new FeedLine(number, null, $"external_id {movie.ExternalId} is already on line {_seen[movie.ExternalId]}");
        }

        return new FeedLine(number, Normalized(movie), null);
    }

    private static string? Problem(FeedMovie movie)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(movie, new ValidationContext(movie), results, validateAllProperties: true))
        {
            return string.Join("; ", results.Select(r => $"{SnakeCase(r.MemberNames.FirstOrDefault())}: {r.ErrorMessage}"));
        }

        if (ListProblem("genres", movie.Genres, MaxGenreName, MovieDetail.MaxRelatedItems) is { } genres)
        {
            return genres;
        }

        if (ListProblem("cast", movie.Cast, MaxActorName, MovieDetail.MaxRelatedItems) is { } cast)
        {
            return cast;
        }

        if (movie.Availability.Count > FeedMovie.MaxWindows)
        {
            return $"availability: at most {FeedMovie.MaxWindows} windows";
        }

        for (var i = 0; i < movie.Availability.Count; i++)
        {
            if (!CountryCodes.TryNormalize(movie.Availability[i].Country, out _))
            {
                return $"availability[{i}].country: {CountryCodeAttribute.InvalidMessage}";
            }
        }

        foreach (var country in movie.Availability.Select((w, i) => (Window: w, Index: i)).GroupBy(w => w.Window.Country.ToUpperInvariant()))
        {
            var windows = country.ToList();
            if (WindowRules.FirstProblem([.. windows.Select(w => (w.Window.AvailableFrom, w.Window.AvailableUntil))]) is { } problem)
            {
                var index = problem.Index is { } at ? windows[at].Index : windows[0].Index;
                return $"availability[{index}] ({country.Key}): {problem.Message}";
            }
        }

        return null;
    }

    private static string? ListProblem(string name, IReadOnlyList<string> items, int maxLength, int maxCount)
    {
        if (items.Count > maxCount)
        {
            return $"{name}: at most {maxCount} names";
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (string.IsNullOrWhiteSpace(item) || item.Length > maxLength || item.Any(char.IsControl) || item.Trim() != item)
            {
                return $"{name}[{i}]: a name of 1 to {maxLength} characters, without control characters or spaces around it";
            }

            if (!seen.Add(item))
            {
                return $"{name}[{i}]: {item} is repeated";
            }
        }

        return null;
    }

    /// <summary>Country codes in upper case, as the database keeps them.</summary>
    private static FeedMovie Normalized(FeedMovie movie) => movie with
    {
        Availability = [.. movie.Availability.Select(w => w with { Country = w.Country.ToUpperInvariant() })],
    };

    private static string SnakeCase(string? member) => member is null ? "line" : ApiJson.NamingPolicy.ConvertName(member);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        ApiJson.Configure(options);
        return options;
    }
}
