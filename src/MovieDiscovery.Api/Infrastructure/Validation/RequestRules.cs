using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;

namespace MovieDiscovery.Api.Infrastructure.Validation;

/// <summary>The <see cref="ParameterRule"/>s a request type declares, in declaration order, read once per type.</summary>
public sealed class RequestRules
{
    private static readonly ConcurrentDictionary<Type, RequestRules> s_byType = new();

    private readonly (PropertyInfo Property, ParameterRule Rule)[] _rules;
    private readonly FrozenDictionary<string, ParameterRule> _byProperty;

    private RequestRules(Type type)
    {
        _rules = [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(property => (property, ParameterRule.For(property)!))
            .Where(pair => pair.Item2 is not null)];
        _byProperty = _rules.ToFrozenDictionary(r => r.Property.Name, r => r.Rule, StringComparer.Ordinal);
    }

    public static RequestRules Of(Type type) => s_byType.GetOrAdd(type, static type => new RequestRules(type));

    public static RequestRules Of<T>() => Of(typeof(T));

    /// <summary>Whether the type declares anything to check.</summary>
    public bool Any => _rules.Length > 0;

    /// <summary>Adds one error per property whose value breaks what it declares.</summary>
    public void Check(object request, RequestErrors errors)
    {
        foreach (var (property, rule) in _rules)
        {
            rule.Parse(property.GetValue(request), errors);
        }
    }

    /// <summary>The value of a raw query or route property as an integer, or its default (or null) when absent or invalid.</summary>
    public int? Number(string property, string? raw) => (int?)Rule(property).Parse(raw);

    /// <summary>The ids of a raw <c>[IdList]</c> query property, in the order given; none when absent or invalid.</summary>
    public int[] Ids(string property, string? raw) => (int[]?)Rule(property).Parse(raw) ?? [];

    /// <summary>The value of a raw query or route property as the handler uses it, or its default (or null) when absent or invalid.</summary>
    public string? Text(string property, string? raw) => (string?)Rule(property).Parse(raw);

    private ParameterRule Rule(string property) => _byProperty[property];
}
