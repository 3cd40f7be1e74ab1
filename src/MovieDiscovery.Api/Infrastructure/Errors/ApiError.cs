using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>The body of every error response: <c>{ "error": { "code", "message", "details" } }</c>.</summary>
public sealed record ErrorEnvelope(ApiError Error);

public sealed record ApiError(
    [property: ErrorCode] string Code,
    [property: MaxLength(2000)] string Message,
    [property: ErrorDetails]
    [property: Description("Facts about the error: for VALIDATION_ERROR one entry per bad parameter (its name → what is wrong); " +
        "always the trace_id that is also in the logs.")]
    IDictionary<string, object?> Details);

/// <summary>One of the codes of <see cref="ApiErrors"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ErrorCodeAttribute() : AllowedValuesAttribute([.. ApiErrors.Examples.Keys.Order(StringComparer.Ordinal)]);

/// <summary>An error's details: any facts, and always the <c>trace_id</c> (<see cref="ErrorResponseWriter.TraceIdKey"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ErrorDetailsAttribute : Attribute;
