using System.ComponentModel.DataAnnotations;

namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>
/// An assigned ISO-3166-1 alpha-2 code, in either case (the API answers in upper case); on a list,
/// each item is one. Requests are checked against it and the OpenAPI document shows its shape.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CountryCodeAttribute : ValidationAttribute
{
    public const int Length = 2;
    public const string MissingMessage = "is required: an ISO-3166-1 alpha-2 country code such as US";
    public const string InvalidMessage = "must be an assigned ISO-3166-1 alpha-2 country code such as US";

    public CountryCodeAttribute()
        : base(InvalidMessage)
    {
    }

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        string code => CountryCodes.TryNormalize(code, out _),
        IEnumerable<string> codes => codes.All(code => CountryCodes.TryNormalize(code, out _)),
        _ => false,
    };
}
