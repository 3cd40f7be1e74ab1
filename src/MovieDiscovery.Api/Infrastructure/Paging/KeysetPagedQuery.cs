using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Infrastructure.Paging;

/// <summary>A list that can be paged by number (<c>page</c>) or by keyset (<c>cursor</c> = a previous <c>next_cursor</c>).</summary>
public abstract class KeysetPagedQuery : PagedQuery
{
    // The bounds document the cursor; KeysetCursor.Decode checks it (and that this API issued it).
    [FromQuery(Name = "cursor"), MaxLength(KeysetCursor.MaxLength), RegularExpression(KeysetCursor.Pattern)]
    [Description("Continue a list from the `next_cursor` of its previous page (same filters and sort; instead of `page`). " +
        "Keyset paging: constant time at any depth.")]
    public string? Cursor { get; init; }

    /// <summary>Where the page starts, when the request continues from a cursor.</summary>
    public KeysetCursor? After { get; private set; }

    /// <summary>Names this list (filters and sort), so a cursor only continues the list it came from.</summary>
    protected abstract string ListKey { get; }

    /// <summary>Whether a sort key can belong to this list (cursors are not signed, so they are checked).</summary>
    protected abstract bool IsSortKey(long key);

    /// <summary>Keeps the parsed filters, which <see cref="ListKey"/> names; runs before the cursor is checked.</summary>
    protected abstract void Bind();

    public override void Validate(RequestErrors errors)
    {
        base.Validate(errors);
        Bind();
        if (Cursor is null)
        {
            return;
        }

        var cursor = KeysetCursor.Decode(Cursor);
        if (cursor is null || !IsSortKey(cursor.SortKey))
        {
            errors.Add("cursor", "is not a cursor this API issued; pass back a next_cursor unchanged");
        }
        else if (Page is not null)
        {
            errors.Add("page", "cannot be combined with cursor");
        }
        else if (cursor.List != ListKey)
        {
            errors.Add("cursor", "belongs to a list with other filters or sort; repeat the same country, genre and sort");
        }
        else if (PageSize is not null && Paging.PageSize != cursor.PageSize)
        {
            errors.Add("page_size", $"must stay {cursor.PageSize} when continuing from this cursor");
        }
        else
        {
            After = cursor;
            Paging = new PageRequest(cursor.Page, cursor.PageSize);
        }
    }

    /// <summary>The cursor to the next page, or null when this page is the last.</summary>
    public string? NextCursor(int itemsServed, long total, long sortKeyOfLast, int idOfLast) =>
        itemsServed == Paging.PageSize && Paging.Offset + itemsServed < total
            ? new KeysetCursor(ListKey, Paging.PageSize, Paging.Page + 1, sortKeyOfLast, idOfLast).Encode()
            : null;
}
