using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Json;

namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>
/// What one request property declares, read once from its attributes: <c>[Required]</c>,
/// <c>[Range]</c> (an integer, or each of a body's list of integers; in a query or route, its decimal text,
/// parsed strictly: no spaces, no clamping), <c>[IdList]</c> (comma-separated ids), <c>[AllowedValues]</c> (exact), <c>[DefaultValue]</c>,
/// <c>[CountryCode]</c>, <c>[StringLength]</c> (of the text <c>[Trimmed]</c>, when it says so), <c>[NoControlCharacters]</c>
/// and <c>[AccountEmail]</c>. The OpenAPI document reads the same
/// attributes. Other attributes (<c>[MaxLength]</c>, <c>[RegularExpression]</c>) only document: a
/// property that has them checks itself (as the keyset cursor does).
/// </summary>
public sealed class ParameterRule
{
    private readonly bool _required;
    private readonly bool _allowEmpty;
    private readonly bool _country;
    private readonly (int Min, int Max)? _range;
    private readonly IdListAttribute? _ids;
    private readonly bool _trimmed;
    private readonly string[]? _allowed;
    private readonly StringLengthAttribute? _length;
    private readonly bool _noControl;
    private readonly AccountEmailAttribute? _email;
    private readonly object? _default;

    private ParameterRule(PropertyInfo property)
    {
        Name = property.GetCustomAttribute<FromQueryAttribute>()?.Name
            ?? property.GetCustomAttribute<FromRouteAttribute>()?.Name
            ?? property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
            ?? ApiJson.NamingPolicy.ConvertName(property.Name);
        var required = property.GetCustomAttribute<RequiredAttribute>();
        (_required, _allowEmpty) = (required is not null, required?.AllowEmptyStrings ?? true);
        _country = property.GetCustomAttribute<CountryCodeAttribute>() is not null;
        if (property.GetCustomAttribute<RangeAttribute>() is { Minimum: int min, Maximum: int max })
        {
            _range = (min, max);
        }

        _ids = property.GetCustomAttribute<IdListAttribute>();
        _trimmed = property.GetCustomAttribute<TrimmedAttribute>() is not null;
        _allowed = property.GetCustomAttribute<AllowedValuesAttribute>()?.Values.Select(v => (string)v!).ToArray();
        _length = property.GetCustomAttribute<StringLengthAttribute>();
        _noControl = property.GetCustomAttribute<NoControlCharactersAttribute>() is not null;
        _email = property.GetCustomAttribute<AccountEmailAttribute>();
        _default = property.GetCustomAttribute<DefaultValueAttribute>()?.Value switch
        {
            string text when _range is not null => int.Parse(text, CultureInfo.InvariantCulture),
            var value => value,
        };
    }

    /// <summary>The name the client uses: the query or route name, or the JSON property name.</summary>
    public string Name { get; }

    /// <summary>The rule of <paramref name="property"/>, or null when it declares nothing to check.</summary>
    public static ParameterRule? For(PropertyInfo property)
    {
        var rule = new ParameterRule(property);
        return rule._required || rule._country || rule._range is not null || rule._ids is not null || rule._allowed is not null
            || rule._length is not null || rule._noControl || rule._email is not null
            ? rule
            : null;
    }

    /// <summary>
    /// The value as the handler uses it (an integer, ids, a country in upper case, a text), or the declared
    /// default when it is absent or invalid; adds what is wrong to <paramref name="errors"/> when given.
    /// </summary>
    public object? Parse(object? value, RequestErrors? errors = null)
    {
        if (_country)
        {
            return Country(value as string, errors);
        }

        if (_range is { } range)
        {
            return Integer(value, range, errors);
        }

        if (_ids is not null)
        {
            return Ids(value as string, _ids, errors);
        }

        return _allowed is not null ? OneOf(value as string, _allowed, errors) : Text(value as string, errors);
    }

    private string? Country(string? raw, RequestErrors? errors)
    {
        if (string.IsNullOrEmpty(raw))
        {
            if (_required)
            {
                errors?.Add(Name, CountryCodeAttribute.MissingMessage);
            }

            return null;
        }

        if (CountryCodes.TryNormalize(raw, out var code))
        {
            return code;
        }

        errors?.Add(Name, CountryCodeAttribute.InvalidMessage);
        return null;
    }

    private object? Integer(object? value, (int Min, int Max) range, RequestErrors? errors)
    {
        if (value is null)
        {
            if (_required)
            {
                errors?.Add(Name, "is required");
            }

            return _default;
        }

        if (value is IEnumerable<int> numbers)
        {
            // A body's list of integers: each item within the range.
            if (numbers.All(n => n >= range.Min && n <= range.Max))
            {
                return value;
            }

            errors?.Add(Name, range.Max == int.MaxValue
                ? $"must hold integers of at least {range.Min}"
                : $"must hold integers from {range.Min} to {range.Max}");
            return _default;
        }

        var parsed = value switch
        {
            int number => number,
            string text when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
            _ => (int?)null,
        };
        if (parsed >= range.Min && parsed <= range.Max)
        {
            return parsed;
        }

        errors?.Add(Name, range.Max == int.MaxValue
            ? $"must be an integer of at least {range.Min}"
            : $"must be an integer from {range.Min} to {range.Max}");
        return _default;
    }

    private int[]? Ids(string? raw, IdListAttribute rule, RequestErrors? errors)
    {
        if (raw is null)
        {
            if (_required)
            {
                errors?.Add(Name, "is required");
            }

            return null;
        }

        if (rule.TryParse(raw, out var ids))
        {
            return ids;
        }

        errors?.Add(Name, rule.Message);
        return null;
    }

    private object? OneOf(string? raw, string[] allowed, RequestErrors? errors)
    {
        if (raw is null)
        {
            return _default;
        }

        if (allowed.Contains(raw, StringComparer.Ordinal))
        {
            return raw;
        }

        errors?.Add(Name, $"must be one of: {string.Join(", ", allowed)}");
        return _default;
    }

    private string? Text(string? raw, RequestErrors? errors)
    {
        var text = _trimmed ? raw?.Trim() : raw;
        var (min, max) = (_length?.MinimumLength ?? 0, _length?.MaximumLength ?? int.MaxValue);
        var valid = text is null
            ? !_required && (min == 0 || _trimmed)
            : (_allowEmpty || !string.IsNullOrWhiteSpace(text))
                && text.Length >= min && text.Length <= max
                && !(_noControl && text.Any(char.IsControl));
        if (!valid)
        {
            errors?.Add(Name, string.Join(", ", TextRules(min, max)));
        }
        else if (_email is not null && !_email.IsValid(text))
        {
            errors?.Add(Name, AccountEmail.InvalidMessage);
        }

        return text;
    }

    /// <summary>The rules of a text, as a message says them: "is required, at most 200 characters".</summary>
    private IEnumerable<string> TextRules(int min, int max)
    {
        if (_required || min > 0)
        {
            yield return _trimmed && !_required ? $"at least {min} character{(min == 1 ? "" : "s")} when given" : "is required";
        }

        if (max < int.MaxValue)
        {
            yield return $"at most {max} characters{(_trimmed ? " without the spaces around it" : "")}";
        }

        if (_noControl)
        {
            yield return "without control characters";
        }
    }
}
