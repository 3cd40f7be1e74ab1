using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;

namespace MovieDiscovery.Api.Infrastructure.Paging;

/// <summary>
/// The envelope of every list: <c>{ data, page, page_size, total, next_cursor }</c>, with an exact total.
/// <c>next_cursor</c> continues the list by keyset where the list supports it; null on the last page.
/// </summary>
public sealed record PagedList<T>(
    [property: MaxLength(PagedQuery.MaxPageSize)] IReadOnlyList<T> Data,
    [property: Range(1, int.MaxValue)] int Page,
    [property: Range(1, PagedQuery.MaxPageSize)] int PageSize,
    [property: Range(0, int.MaxValue)] long Total,
    [property: MaxLength(KeysetCursor.MaxLength), RegularExpression(KeysetCursor.Pattern)] string? NextCursor);

public static class PagedList
{
    public static PagedList<T> Of<T>(IReadOnlyList<T> data, PageRequest paging, long total, string? nextCursor = null) =>
        new(data, paging.Page, paging.PageSize, total, nextCursor);

    /// <summary>A page of a small ordered table and its exact total (a count, then the page unless it is past the end).</summary>
    public static async Task<PagedList<T>> ReadAsync<T>(IQueryable<T> ordered, PageRequest paging, CancellationToken cancellationToken)
    {
        var total = await ordered.CountAsync(cancellationToken);
        var data = paging.Offset >= total
            ? []
            : await ordered.Skip((int)paging.Offset).Take(paging.PageSize).ToListAsync(cancellationToken);
        return Of<T>(data, paging, total);
    }
}
