using MovieDiscovery.Api.Infrastructure.Errors;

namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>Collects every bad parameter of a request, so one 400 names them all.</summary>
public sealed class RequestErrors
{
    private readonly Dictionary<string, object?> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string parameter, string problem) => _errors.TryAdd(parameter, problem);

    public ApiErrorResult ToResult() => ApiErrors.InvalidParameters(_errors);
}
