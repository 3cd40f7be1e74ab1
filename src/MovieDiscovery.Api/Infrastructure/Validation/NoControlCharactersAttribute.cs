using System.ComponentModel.DataAnnotations;

namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>Text without control characters (no NUL, no line breaks).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NoControlCharactersAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text || !text.Any(char.IsControl);
}
