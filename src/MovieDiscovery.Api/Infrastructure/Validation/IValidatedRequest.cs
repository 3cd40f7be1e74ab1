namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>
/// A request whose raw inputs are parsed and checked by <see cref="ValidationFilter"/> before the
/// handler (and before the ownership checks) runs. <see cref="Validate"/> keeps the parsed values.
/// </summary>
public interface IValidatedRequest
{
    void Validate(RequestErrors errors);
}
