using System.ComponentModel.DataAnnotations;

namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>An id: a positive 32-bit integer (in a query or route, its decimal text).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class IdAttribute() : RangeAttribute(1, int.MaxValue);
