namespace MovieDiscovery.Api.Infrastructure.Paging;

/// <summary>The envelope of every list: <c>{ data, page, page_size, total }</c>, with an exact total.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Data, int Page, int PageSize, long Total);

public static class PagedList
{
    public static PagedList<T> Of<T>(IReadOnlyList<T> data, PageRequest paging, long total) =>
        new(data, paging.Page, paging.PageSize, total);
}
