using System.Collections.Frozen;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MovieDiscovery.Api.Features.Movies;

/// <summary>
/// A title as title search compares it: its words (runs of letters and digits) in lower case without accents,
/// each letter that unaccent spells out (æ, ø, ß, ł, …) spelled out too, separated by one space and with one space
/// at each end: "Léon: The Professional" is <c>" leon the professional "</c>. A query word matches a title when
/// <c>" " + word</c> occurs in this form. On PostgreSQL the function <c>title_words</c> of
/// Data/Sql/Postgres/catalogue_listing.sql computes it (with unaccent); on SQLite this class, registered on every
/// connection under the same name. The two agree on every letter of the Latin, Greek and Cyrillic alphabets that
/// unaccent knows; they may differ on rarer symbols (unaccent spells ½ as "1/2", this class drops it).
/// </summary>
public static class TitleWords
{
    /// <summary>The SQL function both providers have.</summary>
    public const string FunctionName = "title_words";

    // The letters unaccent maps that Unicode does not decompose into a base letter and marks.
    private static readonly FrozenDictionary<char, string> s_spelledOut = new Dictionary<char, string>
    {
        ['Æ'] = "ae", ['æ'] = "ae", ['Œ'] = "oe", ['œ'] = "oe", ['Ø'] = "o", ['ø'] = "o", ['ß'] = "ss", ['ẞ'] = "ss",
        ['Ł'] = "l", ['ł'] = "l", ['Ŀ'] = "l", ['ŀ'] = "l", ['Đ'] = "d", ['đ'] = "d", ['Ð'] = "d", ['ð'] = "d",
        ['Þ'] = "th", ['þ'] = "th", ['Ħ'] = "h", ['ħ'] = "h", ['ı'] = "i", ['Ĳ'] = "ij", ['ĳ'] = "ij",
        ['Ŋ'] = "n", ['ŋ'] = "n", ['Ŧ'] = "t", ['ŧ'] = "t", ['ſ'] = "s",
    }.ToFrozenDictionary();

    /// <summary>The searchable form of <paramref name="text"/> (a title or a query).</summary>
    public static string Of(string text)
    {
        var words = new StringBuilder(text.Length + 2).Append(' ');
        var inWord = false;
        foreach (var rune in text.Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (rune.IsBmp && s_spelledOut.TryGetValue((char)rune.Value, out var spelled))
            {
                words.Append(spelled);
                inWord = true;
            }
            else if (Rune.IsLetterOrDigit(rune))
            {
                words.Append(Rune.ToLowerInvariant(rune).ToString());
                inWord = true;
            }
            else if (inWord)
            {
                words.Append(' ');
                inWord = false;
            }
        }

        // One space at each end, even around no word at all (as title_words on PostgreSQL).
        return (inWord || words.Length == 1 ? words.Append(' ') : words).ToString();
    }

    /// <summary>
    /// <see cref="FunctionName"/>(<paramref name="title"/>) in a LINQ query: EF Core translates the call to the database's
    /// function (mapped in <see cref="Data.AppDbContext"/>); it cannot run in .NET.
    /// </summary>
    public static string InDatabase(string title) =>
        throw new InvalidOperationException($"{nameof(InDatabase)}({title}) is translated to SQL; it cannot run in .NET.");

    /// <summary>The words of <paramref name="text"/>, in order; none when it has no letter or digit.</summary>
    public static string[] Split(string text) => Of(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

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
