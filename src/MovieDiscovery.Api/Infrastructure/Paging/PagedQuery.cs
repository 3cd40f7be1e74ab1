using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Infrastructure.Paging;

/// <summary>
/// The <c>page</c> and <c>page_size</c> query parameters every list shares. Like every query value
/// they are bound as text, so that a bad one is a 400 that names it (<see cref="RequestValidation"/>).
/// </summary>
public abstract class PagedQuery : IValidatedRequest
{
    public const int MaxPageSize = 100;

    private static readonly RequestRules s_rules = RequestRules.Of<PagedQuery>();

    [FromQuery(Name = "page"), Range(1, int.MaxValue), DefaultValue("1")]
    [Description("Page number, from 1.")]
    public string? Page { get; init; }

    [FromQuery(Name = "page_size"), Range(1, MaxPageSize), DefaultValue("20")]
    [Description("Items per page.")]
    public string? PageSize { get; init; }

    /// <summary>The parsed paging, valid once the request is validated.</summary>
    public PageRequest Paging { get; protected set; }

    public virtual void Validate(RequestErrors errors) =>
        Paging = new PageRequest(s_rules.Number(nameof(Page), Page)!.Value, s_rules.Number(nameof(PageSize), PageSize)!.Value);
}

/// <summary>A validated page position.</summary>
public readonly record struct PageRequest(int Page, int PageSize)
{
    /// <summary>Rows to skip; a long because page × page_size can exceed an int.</summary>
    public long Offset => (long)(Page - 1) * PageSize;
}
