using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Infrastructure.Paging;

/// <summary>The <c>page</c> and <c>page_size</c> query parameters every list shares.</summary>
public abstract class PagedQuery : IValidatedRequest
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    [FromQuery(Name = "page")]
    public string? Page { get; init; }

    [FromQuery(Name = "page_size")]
    public string? PageSize { get; init; }

    /// <summary>The parsed paging, valid once <see cref="Validate"/> found no error.</summary>
    public PageRequest Paging { get; protected set; } = new(1, DefaultPageSize);

    public virtual void Validate(RequestErrors errors)
    {
        var page = QueryValues.IntInRange(Page, "page", 1, int.MaxValue, 1, errors);
        var size = QueryValues.IntInRange(PageSize, "page_size", 1, MaxPageSize, DefaultPageSize, errors);
        Paging = new PageRequest(page, size);
    }
}

/// <summary>A validated page position.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    /// <summary>Rows to skip; a long because page × page_size can exceed an int.</summary>
    public long Offset => (long)(Page - 1) * PageSize;
}
