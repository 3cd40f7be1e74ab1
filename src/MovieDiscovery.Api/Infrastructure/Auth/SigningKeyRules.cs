using System.Text;

namespace MovieDiscovery.Api.Infrastructure.Auth;

/// <summary>
/// Whether a signing key looks random enough to sign tokens with. A generated key (for example
/// <c>openssl rand -base64 32</c>, or <c>-hex 32</c>) passes every rule; what they catch is a key a
/// person typed or padded: too short, blank, repeated, counting up, or built from a handful of characters.
/// </summary>
public static class SigningKeyRules
{
    public const int MinimumBytes = 32;
    public const int MinimumDistinctCharacters = 10;
    public const double MinimumEstimatedBits = 128;

    /// <summary>A run this long occurring twice is a pattern: in 64 random characters it practically never happens.</summary>
    public const int RepeatedRunLength = 8;
    public const string HowToMakeOne = "use at least 32 random bytes, base64-encoded: the output of `openssl rand -base64 32`";

    /// <summary>Why the key is refused, or null when it is acceptable.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "is not set";
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return "is only whitespace";
        }

        if (key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "contains whitespace or control characters (a line break copied with it?)";
        }

        if (Encoding.UTF8.GetByteCount(key) < MinimumBytes)
        {
            return $"is shorter than {MinimumBytes} bytes (256 bits)";
        }

        if (key.Distinct().Count() < MinimumDistinctCharacters)
        {
            return $"uses fewer than {MinimumDistinctCharacters} distinct characters";
        }

        if (MostCommonShare(key.Select(c => (int)c)) > 0.25)
        {
            return "repeats one character too often";
        }

        if (RepeatsARun(key))
        {
            return "repeats a pattern";
        }

        if (MostCommonShare(key.Zip(key.Skip(1), (a, b) => b - a)) > 0.25)
        {
            return "runs through a sequence (such as abcd… or 1234…)";
        }

        if (EstimatedBits(key) < MinimumEstimatedBits)
        {
            return $"has less than {MinimumEstimatedBits} bits of estimated entropy";
        }

        return null;
    }

    /// <summary>The share of the most common value: one character, or one step between neighbours.</summary>
    private static double MostCommonShare(IEnumerable<int> values)
    {
        var counts = values.GroupBy(v => v).Select(g => g.Count()).ToList();
        return counts.Count == 0 ? 0 : (double)counts.Max() / counts.Sum();
    }

    /// <summary>True when some run of <see cref="RepeatedRunLength"/> characters occurs twice.</summary>
    private static bool RepeatsARun(string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + RepeatedRunLength <= key.Length; i++)
        {
            if (!seen.Add(key.Substring(i, RepeatedRunLength)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The key's length times the Shannon entropy of its characters: an upper bound on its real entropy.</summary>
    private static double EstimatedBits(string key) =>
        key.GroupBy(c => c).Sum(g =>
        {
            var p = (double)g.Count() / key.Length;
            return -p * Math.Log2(p);
        }) * key.Length;
}
