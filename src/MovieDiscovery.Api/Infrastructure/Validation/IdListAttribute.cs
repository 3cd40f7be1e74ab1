using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>
/// Ids (positive 32-bit integers) as one comma-separated query value, <c>3,14</c>: from 1 to <see cref="MaxCount"/> of
/// them, none repeated. Requests are checked against it and the OpenAPI document shows it as an array sent in one
/// value (<c>style: form, explode: false</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class IdListAttribute(int maxCount) : ValidationAttribute
{
    public int MaxCount { get; } = maxCount;

    /// <summary>What a bad value is told.</summary>
    public string Message => $"must be from 1 to {MaxCount} distinct ids (integers of at least 1), comma-separated";

    public override bool IsValid(object? value) => value is null || (value is string text && TryParse(text, out _));

    /// <summary>The ids of <paramref name="text"/> in the order given; false when it is not such a list.</summary>
    public bool TryParse(string text, out int[] ids)
    {
        var parts = text.Split(',');
        ids = new int[parts.Length];
        if (parts.Length > MaxCount)
        {
            return false;
        }

        for (var i = 0; i < parts.Length; i++)
        {
            // Each part as strict as a single id (no spaces, no clamping), so genre=7 means what it always meant.
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ids[i]) || ids[i] < 1)
            {
                return false;
            }
        }

        return ids.Distinct().Count() == ids.Length;
    }
}
