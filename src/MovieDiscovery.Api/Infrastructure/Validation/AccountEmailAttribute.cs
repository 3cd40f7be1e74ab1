using System.ComponentModel.DataAnnotations;
using MovieDiscovery.Api.Infrastructure.Auth;

namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>
/// An email address as accounts are named (<see cref="AccountEmail"/>): requests are checked against it and the
/// OpenAPI document shows it as <c>format: email</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class AccountEmailAttribute : DataTypeAttribute
{
    public AccountEmailAttribute()
        : base(DataType.EmailAddress) => ErrorMessage = AccountEmail.InvalidMessage;

    public override bool IsValid(object? value) => value is null || AccountEmail.TryNormalize(value as string, out _);
}
