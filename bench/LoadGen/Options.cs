using System.Globalization;
using System.Net;

namespace MovieDiscovery.Bench.LoadGen;

/// <summary>The command line: <c>--name value</c> pairs, each with a default.</summary>
public sealed record Options(
    Uri Url,
    string Scenario,
    double Rate,
    int DurationSeconds,
    int WarmupSeconds,
    int Seed,
    int Movies,
    string TokensPath,
    string WordsPath,
    int Connections,
    int TimeoutSeconds,
    string? SamplesPath)
{
    public const string Usage = """
        usage: dotnet run --project bench/LoadGen -c Release -- --scenario NAME --rate N [options]
          --scenario movies | detail | genres | saved | save | discover
          --rate        requests per second, sent on schedule whatever the answers (1..100000)
          --duration    seconds measured (default 10, at most 3600)
          --warmup      seconds at the same rate before measuring (default 0)
          --url         base URL on a loopback address (default http://127.0.0.1:5099)
          --seed        draws' seed (default 42)
          --movies      movie ids are drawn from 1..N (default 1000000)
          --tokens      "user_id token" per line, for saved and save (default bench/.tokens)
          --words       "frequent WORD" or "rare WORD" per line, for discover (default bench/.data/words.txt)
          --connections at most this many connections (default 256); requests past it wait, and the wait counts
          --timeout     seconds before a request counts as timed out (default 10)
          --samples     write "intended send time (Unix ms), latency ms, status" per measured request to this file
        """;

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Text(string name, string fallback) => values.Remove(name, out var v) ? v : fallback;
        int Int(string name, int fallback, int min, int max)
        {
            var value = int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
            return value >= min && value <= max ? value : throw new ArgumentException($"--{name} must be in {min}..{max}");
        }

        var rate = double.Parse(Text("rate", "0"), CultureInfo.InvariantCulture);
        var options = new Options(
            new Uri(Text("url", "http://127.0.0.1:5099")),
            Text("scenario", ""),
            rate is >= 1 and <= 100_000 ? rate : throw new ArgumentException("--rate must be in 1..100000"),
            Int("duration", 10, 1, 3600),
            Int("warmup", 0, 0, 600),
            Int("seed", 42, int.MinValue, int.MaxValue),
            Int("movies", 1_000_000, 1, int.MaxValue),
            Text("tokens", Path.Combine("bench", ".tokens")),
            Text("words", Path.Combine("bench", ".data", "words.txt")),
            Int("connections", 256, 1, 10_000),
            Int("timeout", 10, 1, 600),
            values.Remove("samples", out var samples) ? samples : null);
        if (values.Count > 0)
        {
            throw new ArgumentException($"unknown option --{values.Keys.First()}");
        }

        // Load is only ever sent to this machine.
        if (!options.Url.IsLoopback && !(IPAddress.TryParse(options.Url.Host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            throw new ArgumentException("--url must be a loopback address (127.0.0.0/8, ::1, localhost)");
        }

        return options;
    }
}
