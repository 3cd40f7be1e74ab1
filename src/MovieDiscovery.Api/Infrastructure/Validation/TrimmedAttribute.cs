namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>
/// An optional text whose <c>[StringLength]</c> counts without the white space around it, which the handler drops
/// too: <c>q= amelie </c> is <c>amelie</c>. Absent is allowed whatever its minimum length; given, it must reach it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class TrimmedAttribute : Attribute;
