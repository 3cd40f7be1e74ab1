namespace MovieDiscovery.Api.Infrastructure.Errors;

/// <summary>The body of every error response: <c>{ "error": { "code", "message", "details" } }</c>.</summary>
public sealed record ErrorEnvelope(ApiError Error);

public sealed record ApiError(string Code, string Message, IDictionary<string, object?> Details);
