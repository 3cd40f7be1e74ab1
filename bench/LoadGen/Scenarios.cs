using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace MovieDiscovery.Bench.LoadGen;

/// <summary>
/// The request draws, the same distributions as bench/wrk/common.lua and bench/pgbench/*.sql: country by traffic
/// weight, genre on half the list requests, sort 50/50, pages Zipf(1.5), one user request in ten from users 1-100;
/// the discovery lists as bench/wrk/discover.lua draws them.
/// </summary>
public sealed class Scenarios
{
    private static readonly (string Code, int PerMille)[] s_countries =
    [
        ("US", 250), ("GB", 90), ("DE", 70), ("BR", 70), ("IN", 60), ("FR", 50), ("JP", 50), ("CA", 50),
        ("MX", 40), ("ES", 30), ("IT", 30), ("AU", 30), ("KR", 20), ("NL", 20), ("PL", 20),
        ("SE", 10), ("AR", 10), ("NO", 10), ("DK", 10), ("BE", 10), ("FI", 10), ("IE", 10), ("AT", 10), ("CH", 10),
        ("PT", 5), ("NZ", 5), ("ZA", 5), ("SG", 5), ("TR", 5), ("IS", 5),
    ];

    private readonly Random _random;
    private readonly int _movies;
    private readonly double[] _moviePages = ZipfCdf(500, 1.5);
    private readonly double[] _savedPages = ZipfCdf(50, 1.5);
    private readonly double[] _discoverPages = ZipfCdf(50, 1.5);
    private readonly List<string> _frequentWords = [];
    private readonly List<string> _rareWords = [];
    private readonly List<(int Id, string Token)> _heavyUsers = [];
    private readonly List<(int Id, string Token)> _otherUsers = [];

    public Scenarios(int seed, int movies, string? tokensPath, string? wordsPath = null)
    {
        _random = new Random(seed);
        _movies = movies;
        if (wordsPath is not null)
        {
            ReadWords(wordsPath);
        }

        if (tokensPath is null)
        {
            return;
        }

        foreach (var line in File.ReadLines(tokensPath))
        {
            var parts = line.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length >= 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var id))
            {
                (id <= 100 ? _heavyUsers : _otherUsers).Add((id, parts[1]));
            }
        }

        if (_heavyUsers.Count + _otherUsers.Count == 0)
        {
            throw new ArgumentException($"no \"user_id token\" lines in {tokensPath}");
        }
    }

    public static bool NeedsTokens(string scenario) => scenario is "saved" or "save";

    /// <summary>Statuses that count as success: a save may also meet a duplicate (409) or an unavailable movie (422).</summary>
    public static bool IsSuccess(string scenario, int status) =>
        status is >= 200 and < 300 || (scenario == "save" && status is 409 or 422);

    public Func<HttpRequestMessage> Factory(string scenario) => scenario switch
    {
        "movies" => ListMovies,
        "detail" => MovieDetail,
        "genres" => () => new HttpRequestMessage(HttpMethod.Get, "/v1/genres"),
        "saved" => SavedList,
        "save" => Save,
        "discover" => Discover,
        _ => throw new ArgumentException("--scenario must be one of movies, detail, genres, saved, save, discover"),
    };

    /// <summary>
    /// GET /v1/movies with the discovery filters: 1-3 distinct genres (1..20), all of them on half the lists of two or
    /// more; an excluded genre on 30%; a year range on 30% (from 1950..2015, to 0-20 years later); leaving or arrived within
    /// 1-90 days on 20% (half each); q on 40% (four in five one of the 100 most frequent title words, else a rare one);
    /// relevance with q, else year, -year, leaving or arrived, a quarter each.
    /// </summary>
    private static readonly string[] s_discoverSorts = ["year", "-year", "leaving", "arrived"];

    private HttpRequestMessage Discover()
    {
        var path = new StringBuilder("/v1/movies?country=").Append(Country());
        var genres = new List<int>();
        var count = _random.Next(1, 4);
        while (genres.Count < count)
        {
            var genre = _random.Next(1, 21);
            if (!genres.Contains(genre))
            {
                genres.Add(genre);
            }
        }

        path.Append("&genre=").AppendJoin(',', genres);
        if (count > 1 && _random.Next(2) == 1)
        {
            path.Append("&genre_match=all");
        }

        if (_random.Next(10) < 3)
        {
            int excluded;
            do
            {
                excluded = _random.Next(1, 21);
            }
            while (genres.Contains(excluded));
            path.Append(CultureInfo.InvariantCulture, $"&exclude_genre={excluded}");
        }

        if (_random.Next(10) < 3)
        {
            var from = _random.Next(1950, 2016);
            path.Append(CultureInfo.InvariantCulture, $"&year_from={from}&year_to={from + _random.Next(0, 21)}");
        }

        if (_random.Next(10) < 2)
        {
            path.Append(_random.Next(2) == 1 ? "&leaving_within_days=" : "&arrived_within_days=").Append(_random.Next(1, 91));
        }

        if (_random.Next(10) < 4)
        {
            var words = _random.Next(5) < 4 ? _frequentWords : _rareWords;
            path.Append("&q=").Append(Uri.EscapeDataString(words[_random.Next(words.Count)]));
        }
        else
        {
            path.Append("&sort=").Append(s_discoverSorts[_random.Next(s_discoverSorts.Length)]);
        }

        path.Append(CultureInfo.InvariantCulture, $"&page={Zipf(_discoverPages)}&page_size=20");
        return new HttpRequestMessage(HttpMethod.Get, path.ToString());
    }

    private void ReadWords(string wordsPath)
    {
        foreach (var line in File.ReadLines(wordsPath))
        {
            var parts = line.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length >= 2)
            {
                (parts[0] == "frequent" ? _frequentWords : parts[0] == "rare" ? _rareWords : null)?.Add(parts[1]);
            }
        }

        if (_frequentWords.Count == 0 || _rareWords.Count == 0)
        {
            throw new ArgumentException($"{wordsPath} needs \"frequent WORD\" and \"rare WORD\" lines");
        }
    }

    private HttpRequestMessage ListMovies()
    {
        var path = new StringBuilder("/v1/movies?country=").Append(Country());
        if (_random.Next(2) == 1)
        {
            path.Append(CultureInfo.InvariantCulture, $"&genre={_random.Next(1, 21)}");
        }

        path.Append(_random.Next(2) == 1 ? "&sort=year" : "&sort=-year")
            .Append(CultureInfo.InvariantCulture, $"&page={Zipf(_moviePages)}&page_size=20");
        return new HttpRequestMessage(HttpMethod.Get, path.ToString());
    }

    private HttpRequestMessage MovieDetail() =>
        new(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"/v1/movies/{_random.Next(1, _movies + 1)}"));

    private HttpRequestMessage SavedList()
    {
        var (id, token) = User();
        var sort = _random.Next(2) == 1 ? "date_added" : "-date_added";
        var path = string.Create(CultureInfo.InvariantCulture,
            $"/v1/users/{id}/saved-movies?country={Country()}&sort={sort}&page={Zipf(_savedPages)}&page_size=20");
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private HttpRequestMessage Save()
    {
        var (id, token) = User();
        var body = string.Create(CultureInfo.InvariantCulture, $$"""{"movie_id": {{_random.Next(1, _movies + 1)}}, "country": "{{Country()}}"}""");
        var request = new HttpRequestMessage(HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"/v1/users/{id}/saved-movies"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private string Country()
    {
        var r = _random.Next(1, 1001);
        foreach (var (code, perMille) in s_countries)
        {
            r -= perMille;
            if (r <= 0)
            {
                return code;
            }
        }

        return "US";
    }

    private (int Id, string Token) User()
    {
        var list = (_random.Next(10) == 0 && _heavyUsers.Count > 0) || _otherUsers.Count == 0 ? _heavyUsers : _otherUsers;
        return list[_random.Next(list.Count)];
    }

    private int Zipf(double[] cdf)
    {
        var index = Array.BinarySearch(cdf, _random.NextDouble());
        return (index >= 0 ? index : ~index) + 1;
    }

    /// <summary>P(k) proportional to 1/k^s over 1..n, like pgbench's random_zipfian.</summary>
    private static double[] ZipfCdf(int n, double s)
    {
        var cdf = new double[n];
        var total = 0.0;
        for (var k = 1; k <= n; k++)
        {
            total += Math.Pow(k, -s);
            cdf[k - 1] = total;
        }

        for (var k = 0; k < n; k++)
        {
            cdf[k] /= total;
        }

        return cdf;
    }
}
