using System.Collections.Frozen;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>
/// A title as title search compares it: its words (runs of letters and digits) in lower case without accents, each
/// letter that unaccent spells out (æ, ø, ß, ł, …) spelled out too, separated by one space and with one space at each
/// end: "Léon: The Professional" is <c>" leon the professional "</c>. A query word matches a title when
/// <c>" " + word</c> occurs in this form. On PostgreSQL the function <c>title_words</c> of
/// Data/Sql/Postgres/catalogue_search.sql computes it with unaccent; on SQLite this class, registered on every connection
/// under the same name, with the same rules (unaccent.rules, read from PostgreSQL's), so both find the same titles.
/// </summary>
public static class TitleWords
{
    /// <summary>The SQL function both providers have.</summary>
    public const string FunctionName = "title_words";

    // Code point → what unaccent makes of it. Read from the rules rather than by Unicode decomposition, which the
    // service's invariant globalization mode does not do.
    private static readonly FrozenDictionary<int, string> s_unaccent = ReadRules();

    /// <summary>The searchable form of <paramref name="text"/> (a title or a query).</summary>
    public static string Of(string text)
    {
        var words = new StringBuilder(text.Length + 2).Append(' ');
        var inWord = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (s_unaccent.TryGetValue(rune.Value, out var replacement))
            {
                foreach (var plain in replacement.EnumerateRunes())
                {
                    inWord = Append(words, plain, inWord);
                }
            }
            else
            {
                inWord = Append(words, rune, inWord);
            }
        }

        // One space at each end, even around no word at all (as title_words on PostgreSQL).
        return (inWord || words.Length == 1 ? words.Append(' ') : words).ToString();
    }

    /// <summary>The code points unaccent changes (for the specs).</summary>
    public static IEnumerable<int> FoldedCodePoints => s_unaccent.Keys;

    /// <summary>
    /// <see cref="FunctionName"/>(<paramref name="title"/>) in a LINQ query: EF Core translates the call to the database's
    /// function (mapped in <see cref="Data.AppDbContext"/>); it cannot run in .NET.
    /// </summary>
    public static string InDatabase(string title) =>
        throw new InvalidOperationException($"{nameof(InDatabase)}({title}) is translated to SQL; it cannot run in .NET.");

    /// <summary>The words of <paramref name="text"/>, in order; none when it has no letter or digit.</summary>
    public static string[] Split(string text) => Of(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Adds a letter or digit to the current word (lower case); anything else ends it. Whether a word is open after.</summary>
    private static bool Append(StringBuilder words, Rune rune, bool inWord)
    {
        if (Rune.IsLetterOrDigit(rune))
        {
            // A final sigma is a sigma (PostgreSQL's ICU lower() writes it where a word ends, .NET never does).
            var lower = Rune.ToLowerInvariant(rune);
            words.Append(lower.Value == 'ς' ? "σ" : lower.ToString());
            return true;
        }

        if (inWord)
        {
            words.Append(' ');
        }

        return false;
    }

    private static FrozenDictionary<int, string> ReadRules()
    {
        using var stream = typeof(TitleWords).Assembly.GetManifestResourceStream("unaccent.rules")
            ?? throw new InvalidOperationException("The embedded unaccent.rules is missing.");
        using var reader = new StreamReader(stream);
        var rules = new Dictionary<int, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                var source = tab < 0 ? line : line[..tab];
                // As unaccent reads them: the replacement is the text after the white space that follows the letter.
                rules[Rune.GetRuneAt(source, 0).Value] = tab < 0 ? "" : line[(tab + 1)..].Trim();
            }
        }

        return rules.ToFrozenDictionary();
    }

    /// <summary>Registers <see cref="Of"/> as <see cref="FunctionName"/> on every SQLite connection EF Core opens.</summary>
    public sealed class SqliteFunction : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Register(connection);
            return Task.CompletedTask;
        }

        private static void Register(DbConnection connection) =>
            ((SqliteConnection)connection).CreateFunction<string?, string?>(FunctionName, title => title is null ? null : Of(title), isDeterministic: true);
    }
}
