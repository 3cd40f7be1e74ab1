namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>
/// A request that does more than its declared rules (<see cref="RequestRules"/>): it keeps the values
/// the handler uses, parsed from its raw query and route text, and checks what no attribute can say
/// (a cursor against its list). <see cref="RequestValidation"/> calls it after the declared rules.
/// </summary>
public interface IValidatedRequest
{
    void Validate(RequestErrors errors);
}
