using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MovieDiscovery.Api.Infrastructure.Paging;

/// <summary>
/// An opaque position in a list: the sort key and id of the last item served, the page it leads to,
/// and the list (filters and sort) it belongs to, so it cannot be replayed against another list.
/// Reading from it is a keyset seek, constant time at any depth. Its content is no secret: it only
/// points into data the caller may read anyway.
/// </summary>
public sealed record KeysetCursor(string List, int PageSize, int Page, long SortKey, int Id)
{
    private const string Version = "c1";

    /// <summary>The longest cursor this API issues or accepts.</summary>
    public const int MaxLength = 300;

    /// <summary>What a cursor looks like: unpadded base64url.</summary>
    public const string Pattern = "^[A-Za-z0-9_-]+$";

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        string.Join('|', Version, List, PageSize.ToString(CultureInfo.InvariantCulture), Page.ToString(CultureInfo.InvariantCulture),
            SortKey.ToString(CultureInfo.InvariantCulture), Id.ToString(CultureInfo.InvariantCulture))));

    /// <summary>Null when <paramref name="raw"/> is not a cursor this API issued.</summary>
    public static KeysetCursor? Decode(string raw)
    {
        if (raw.Length is 0 or > MaxLength || !Base64Url.IsValid(raw))
        {
            return null;
        }

        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(raw)).Split('|');
        }
        catch (FormatException)
        {
            return null;
        }

        return parts.Length == 6 && parts[0] == Version
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var pageSize) && pageSize is >= 1 and <= PagedQuery.MaxPageSize
            && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 2
            && long.TryParse(parts[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var sortKey)
            && int.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 1
                ? new KeysetCursor(parts[1], pageSize, page, sortKey, id)
                : null;
    }
}
