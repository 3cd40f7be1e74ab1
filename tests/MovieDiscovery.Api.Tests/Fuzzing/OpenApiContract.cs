using System.Globalization;
using System.Text.RegularExpressions;

namespace MovieDiscovery.Api.Tests.Fuzzing;

/// <summary>One operation of the served OpenAPI document, as the fuzzer needs it.</summary>
public sealed record ApiOperation(
    string Id,
    string Method,
    string PathTemplate,
    IReadOnlyList<ApiParameter> Parameters,
    JsonElement? RequestBodySchema,
    bool Secured,
    IReadOnlyDictionary<int, ApiResponse> Responses)
{
    public IEnumerable<ApiParameter> InPath => Parameters.Where(p => p.In == "path");

    public IEnumerable<ApiParameter> InQuery => Parameters.Where(p => p.In == "query");

    public override string ToString() => $"{Id} ({Method} {PathTemplate})";
}

public sealed record ApiParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>A documented response: its status, the error codes of its examples, its body schema.</summary>
public sealed record ApiResponse(int Status, IReadOnlySet<string> Codes, JsonElement? Schema);

/// <summary>
/// The served OpenAPI document (3.0): its operations, and a validator for the subset of JSON Schema
/// the document uses (type, required, properties, additionalProperties, items, bounds, lengths,
/// pattern, enum, nullable, formats date and date-time, $ref).
/// </summary>
public sealed class OpenApiContract
{
    private static readonly string[] s_methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    private readonly JsonElement _root;

    private OpenApiContract(JsonElement root)
    {
        _root = root;
        Operations = ReadOperations(root, Resolve);
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public static OpenApiContract Parse(string json) => new(JsonDocument.Parse(json).RootElement.Clone());

    /// <summary>Follows <c>$ref</c> (local references only) until a schema with content.</summary>
    public JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            if (hops > 32)
            {
                throw new InvalidOperationException("A $ref cycle in the OpenAPI document.");
            }

            var pointer = reference.GetString() ?? "";
            if (!pointer.StartsWith("#/", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Only local $ref are supported: {pointer}");
            }

            var target = _root;
            foreach (var segment in pointer[2..].Split('/'))
            {
                target = target.GetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }

            schema = target;
        }

        return schema;
    }

    /// <summary>Every way <paramref name="instance"/> breaks <paramref name="schema"/>; empty when it conforms.</summary>
    public List<string> Validate(JsonElement instance, JsonElement schema)
    {
        var problems = new List<string>();
        Validate(instance, schema, "$", problems);
        return problems;
    }

    private void Validate(JsonElement instance, JsonElement schema, string path, List<string> problems)
    {
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (instance.ValueKind == JsonValueKind.Null)
        {
            if (!(schema.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True) && schema.TryGetProperty("type", out _))
            {
                problems.Add($"{path}: null is not allowed");
            }

            return;
        }

        if (schema.TryGetProperty("enum", out var allowed)
            && !allowed.EnumerateArray().Any(value => value.GetRawText() == instance.GetRawText()))
        {
            problems.Add($"{path}: {instance.GetRawText()} is not one of {allowed.GetRawText()}");
        }

        var type = schema.TryGetProperty("type", out var declared) ? declared.GetString() : null;
        switch (type)
        {
            case "object":
                ValidateObject(instance, schema, path, problems);
                break;
            case "array":
                ValidateArray(instance, schema, path, problems);
                break;
            case "integer":
                ValidateInteger(instance, schema, path, problems);
                break;
            case "number":
                if (instance.ValueKind != JsonValueKind.Number)
                {
                    problems.Add($"{path}: expected a number, got {instance.ValueKind}");
                }

                break;
            case "boolean":
                if (instance.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path}: expected a boolean, got {instance.ValueKind}");
                }

                break;
            case "string":
                ValidateString(instance, schema, path, problems);
                break;
            default:
                break;
        }
    }

    private void ValidateObject(JsonElement instance, JsonElement schema, string path, List<string> problems)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected an object, got {instance.ValueKind}");
            return;
        }

        var names = instance.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(name => !names.Contains(name)))
            {
                problems.Add($"{path}: required property '{name}' is missing");
            }
        }

        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        foreach (var property in instance.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Validate(property.Value, propertySchema, $"{path}.{property.Name}", problems);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    problems.Add($"{path}: property '{property.Name}' is not allowed");
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Validate(property.Value, additional, $"{path}.{property.Name}", problems);
                }
            }
        }
    }

    private void ValidateArray(JsonElement instance, JsonElement schema, string path, List<string> problems)
    {
        if (instance.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{path}: expected an array, got {instance.ValueKind}");
            return;
        }

        var length = instance.GetArrayLength();
        if (schema.TryGetProperty("maxItems", out var maxItems) && length > maxItems.GetInt32())
        {
            problems.Add($"{path}: {length} items, more than {maxItems.GetInt32()}");
        }

        if (schema.TryGetProperty("minItems", out var minItems) && length < minItems.GetInt32())
        {
            problems.Add($"{path}: {length} items, fewer than {minItems.GetInt32()}");
        }

        if (schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in instance.EnumerateArray())
            {
                Validate(item, items, $"{path}[{index++}]", problems);
            }
        }
    }

    private static void ValidateInteger(JsonElement instance, JsonElement schema, string path, List<string> problems)
    {
        if (instance.ValueKind != JsonValueKind.Number || !instance.TryGetInt64(out var value))
        {
            problems.Add($"{path}: expected an integer, got {instance.GetRawText()}");
            return;
        }

        if (schema.TryGetProperty("minimum", out var minimum) && value < minimum.GetInt64())
        {
            problems.Add($"{path}: {value} is below the minimum {minimum.GetInt64()}");
        }

        if (schema.TryGetProperty("maximum", out var maximum) && value > maximum.GetInt64())
        {
            problems.Add($"{path}: {value} is above the maximum {maximum.GetInt64()}");
        }
    }

    private static void ValidateString(JsonElement instance, JsonElement schema, string path, List<string> problems)
    {
        if (instance.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}: expected a string, got {instance.ValueKind}");
            return;
        }

        var value = instance.GetString()!;
        if (schema.TryGetProperty("maxLength", out var maxLength) && value.Length > maxLength.GetInt32())
        {
            problems.Add($"{path}: longer than {maxLength.GetInt32()}");
        }

        if (schema.TryGetProperty("minLength", out var minLength) && value.Length < minLength.GetInt32())
        {
            problems.Add($"{path}: shorter than {minLength.GetInt32()}");
        }

        if (schema.TryGetProperty("pattern", out var pattern)
            && !Regex.IsMatch(value, pattern.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            problems.Add($"{path}: '{value}' does not match {pattern.GetString()}");
        }

        var format = schema.TryGetProperty("format", out var declared) ? declared.GetString() : null;
        if (format == "date-time" && !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
        {
            problems.Add($"{path}: '{value}' is not a date-time");
        }

        if (format == "date" && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            problems.Add($"{path}: '{value}' is not a date");
        }
    }

    private static List<ApiOperation> ReadOperations(JsonElement root, Func<JsonElement, JsonElement> resolve)
    {
        var operations = new List<ApiOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            var shared = path.Value.TryGetProperty("parameters", out var common) ? common.EnumerateArray().ToList() : [];
            foreach (var entry in path.Value.EnumerateObject().Where(e => s_methods.Contains(e.Name, StringComparer.Ordinal)))
            {
                var op = entry.Value;
                var parameters = shared
                    .Concat(op.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : [])
                    .Select(p => new ApiParameter(
                        p.GetProperty("name").GetString()!,
                        p.GetProperty("in").GetString()!,
                        p.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True,
                        p.TryGetProperty("schema", out var schema) ? resolve(schema) : default))
                    .ToList();

                JsonElement? body = op.TryGetProperty("requestBody", out var requestBody)
                    && requestBody.GetProperty("content").TryGetProperty("application/json", out var media)
                    && media.TryGetProperty("schema", out var bodySchema)
                        ? bodySchema
                        : null;

                var secured = op.TryGetProperty("security", out var security)
                    ? security.EnumerateArray().Any(requirement => requirement.EnumerateObject().Any())
                    : root.TryGetProperty("security", out var global) && global.EnumerateArray().Any(r => r.EnumerateObject().Any());

                var responses = new Dictionary<int, ApiResponse>();
                foreach (var response in op.GetProperty("responses").EnumerateObject())
                {
                    if (!int.TryParse(response.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                    {
                        continue;
                    }

                    JsonElement? schema = null;
                    var codes = new HashSet<string>(StringComparer.Ordinal);
                    if (response.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json))
                    {
                        schema = json.TryGetProperty("schema", out var responseSchema) ? responseSchema : null;
                        if (json.TryGetProperty("examples", out var examples))
                        {
                            foreach (var example in examples.EnumerateObject())
                            {
                                if (example.Value.TryGetProperty("value", out var value)
                                    && value.TryGetProperty("error", out var error)
                                    && error.TryGetProperty("code", out var code))
                                {
                                    codes.Add(code.GetString()!);
                                }
                            }
                        }
                    }

                    responses[status] = new ApiResponse(status, codes, schema);
                }

                operations.Add(new ApiOperation(
                    op.TryGetProperty("operationId", out var id) ? id.GetString()! : $"{entry.Name.ToUpperInvariant()} {path.Name}",
                    entry.Name.ToUpperInvariant(),
                    path.Name,
                    parameters,
                    body,
                    secured,
                    responses));
            }
        }

        return operations;
    }
}
