using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace MovieDiscovery.Api.Infrastructure.Auth;

/// <summary>
/// The one spelling of an account's email: Unicode NFKC (full-width and other compatibility forms become the
/// plain characters they stand for), then lower case. Login looks accounts up by it, accounts are stored in it,
/// and the login limiter keys accounts by it, so every spelling that names an account names it the same way on
/// both databases. An email with anything invisible (format characters such as U+200B, other default-ignorable
/// code points, controls, spaces) is not an email: it is refused, never silently cleaned. NFKC needs the
/// runtime's ICU (docs/decisions/0090-email-normal-form-with-icu.md).
/// </summary>
public static class AccountEmail
{
    /// <summary>RFC 5321: a mailbox is at most 64 characters, '@' and a domain of at most 255.</summary>
    public const int MaxLength = 320;

    public const string InvalidMessage = "must be an email address (name@domain) without spaces or invisible characters";

    private const int MaxLocalLength = 64;
    private const int MaxDomainLength = 255;
    private const int MaxLabelLength = 63;

    // RFC 5322 atext besides letters and digits.
    private const string AtextSymbols = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>The normal form of <paramref name="raw"/>, or false when it is not an email address.</summary>
    public static bool TryNormalize(string? raw, [NotNullWhen(true)] out string? email)
    {
        email = null;
        if (string.IsNullOrEmpty(raw) || raw.Length > MaxLength || !TryFold(raw, out var folded) || !IsMailbox(folded))
        {
            return false;
        }

        email = folded;
        return true;
    }

    /// <summary>The normal form of a stored email, whatever its shape (a row written before these rules keeps working).</summary>
    public static string Fold(string email) => TryFold(email, out var folded) ? folded : email.ToLowerInvariant();

    /// <summary>NFKC, lower case, NFKC again (lowering can undo a composition); false for text that is not valid UTF-16.</summary>
    private static bool TryFold(string raw, out string folded)
    {
        try
        {
            folded = raw.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Normalize(NormalizationForm.FormKC);
            return true;
        }
        catch (ArgumentException)
        {
            // A lone surrogate.
            folded = "";
            return false;
        }
    }

    /// <summary>
    /// <c>local@domain</c>: the local part a dot-atom (RFC 5322 atext; letters, marks and digits of any script, as
    /// RFC 6531 allows), the domain dot-separated labels of letters, marks, digits and inner hyphens.
    /// No quoted local parts and no address literals: no account has one.
    /// </summary>
    private static bool IsMailbox(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0 || at > MaxLocalLength || email.Length - at - 1 is 0 or > MaxDomainLength)
        {
            return false;
        }

        var local = email.AsSpan(0, at);
        var domain = email.AsSpan(at + 1);
        foreach (var atom in local.Split('.'))
        {
            if (!IsWord(local[atom], symbols: AtextSymbols))
            {
                return false;
            }
        }

        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length > MaxLabelLength || label.StartsWith('-') || label.EndsWith('-') || !IsWord(label, symbols: "-"))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Non-empty; ASCII letters, digits and <paramref name="symbols"/>; beyond ASCII, visible letters, marks and digits only.</summary>
    private static bool IsWord(ReadOnlySpan<char> text, string symbols)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var rune in text.EnumerateRunes())
        {
            var allowed = rune.IsAscii
                ? Rune.IsLetterOrDigit(rune) || symbols.Contains((char)rune.Value, StringComparison.Ordinal)
                : !IsDefaultIgnorable(rune.Value) && Rune.GetUnicodeCategory(rune) is
                    UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                    or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                    or UnicodeCategory.DecimalDigitNumber;
            if (!allowed)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Unicode's Default_Ignorable_Code_Point letters and marks (the format characters of the property are refused
    /// by category already): fillers and selectors that show nothing, and that collations ignore.
    /// </summary>
    private static bool IsDefaultIgnorable(int c) => c is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFFA0
        or (>= 0x180B and <= 0x180F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);
}
