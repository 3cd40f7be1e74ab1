namespace MovieDiscovery.Api.Infrastructure.Paging;

/// <summary>
/// The envelope of every list: <c>{ data, page, page_size, total, next_cursor }</c>, with an exact total.
/// <c>next_cursor</c> continues the list by keyset where the list supports it; null on the last page.
/// </summary>
public sealed record PagedList<T>(IReadOnlyList<T> Data, int Page, int PageSize, long Total, string? NextCursor);

public static class PagedList
{
    public static PagedList<T> Of<T>(IReadOnlyList<T> data, PageRequest paging, long total, string? nextCursor = null) =>
        new(data, paging.Page, paging.PageSize, total, nextCursor);
}
