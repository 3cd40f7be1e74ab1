using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Validation;

namespace MovieDiscovery.Api.Tests.Features.OpenApi;

/// <summary>The committed <c>docs/openapi.yaml</c> is the document the service serves.</summary>
public sealed class OpenApiDocumentSpec(SqliteApiFactory factory) : ApiSpec<SqliteApiFactory>(factory)
{
    [Fact]
    public async Task The_committed_document_equals_the_served_one()
    {
        var served = Normalize(await Client.GetStringAsync("/openapi/v1.yaml"));
        var path = Path.Combine(RepositoryRoot(), "docs", "openapi.yaml");

        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        var committed = File.Exists(path) ? Normalize(await File.ReadAllTextAsync(path)) : "";
        Assert.True(committed == served,
            "docs/openapi.yaml differs from the document the service serves at /openapi/v1.yaml. Regenerate it with `make openapi` and commit it.");
    }

    [Fact]
    public async Task The_json_and_yaml_documents_describe_the_same_operations()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var yaml = await Client.GetStringAsync("/openapi/v1.yaml");

        Assert.StartsWith("3.0.", json.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        foreach (var path in json.RootElement.GetProperty("paths").EnumerateObject())
        {
            Assert.Contains(path.Name, yaml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_a_description_security_and_its_errors()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));

        foreach (var path in json.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var op = operation.Value;
                var where = $"{operation.Name} {path.Name}";
                Assert.False(string.IsNullOrEmpty(op.GetProperty("operationId").GetString()), where);
                Assert.False(string.IsNullOrEmpty(op.GetProperty("summary").GetString()), where);
                Assert.False(string.IsNullOrEmpty(op.GetProperty("description").GetString()), where);
                Assert.True(op.TryGetProperty("security", out _), $"{where} has no security");
                var responses = op.GetProperty("responses");
                Assert.True(responses.TryGetProperty("500", out _), $"{where} does not document 500");
                foreach (var response in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
                {
                    var media = response.Value.GetProperty("content").GetProperty("application/json");
                    Assert.Equal("#/components/schemas/ErrorEnvelope", media.GetProperty("schema").GetProperty("$ref").GetString());
                    Assert.NotEmpty(media.GetProperty("examples").EnumerateObject());
                }
            }
        }
    }

    [Fact]
    public async Task Every_operation_documents_414_and_431_in_the_envelope()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));

        foreach (var (where, op) in Operations(json))
        {
            foreach (var status in new[] { "414", "431" })
            {
                Assert.True(op.GetProperty("responses").TryGetProperty(status, out var response), $"{where} does not document {status}");
                Assert.True(response.GetProperty("content").GetProperty("application/json").GetProperty("examples").TryGetProperty("VALIDATION_ERROR", out _), where);
            }
        }
    }

    [Theory]
    [InlineData("/health/live", new[] { "200", "500" })]
    [InlineData("/health/ready", new[] { "200", "500", "503" })]
    public async Task The_health_probes_are_in_the_document(string path, string[] statuses)
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));

        var responses = json.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");
        Assert.All(statuses, status => Assert.True(responses.TryGetProperty(status, out _), $"{path} does not document {status}"));
        Assert.Equal("#/components/schemas/HealthResponse",
            responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task Every_country_is_the_list_of_assigned_codes()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));
        var root = json.RootElement;

        Assert.Equal(CountryCodes.All, root.GetProperty("components").GetProperty("schemas").GetProperty("CountryCode").GetProperty("enum")
            .EnumerateArray().Select(code => code.GetString()!));
        var countryParameters = Operations(json).SelectMany(op => op.Operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray() : [])
            .Where(p => p.GetProperty("name").GetString() == "country").ToList();
        Assert.NotEmpty(countryParameters);
        Assert.All(countryParameters, p => Assert.Equal("#/components/schemas/CountryCode", p.GetProperty("schema").GetProperty("$ref").GetString()));
        Assert.Equal("#/components/schemas/CountryCode", root.GetProperty("components").GetProperty("schemas").GetProperty("SaveMovieRequest")
            .GetProperty("properties").GetProperty("country").GetProperty("$ref").GetString());
        Assert.DoesNotContain("[A-Za-z]{2}", root.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task If_None_Match_is_documented_with_the_bound_the_API_enforces()
    {
        using var json = JsonDocument.Parse(await Client.GetStringAsync("/openapi/v1.json"));

        var bounds = Operations(json).SelectMany(op => op.Operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray() : [])
            .Where(p => p.GetProperty("name").GetString() == "If-None-Match")
            .Select(p => p.GetProperty("schema").GetProperty("maxLength").GetInt32()).ToList();
        Assert.NotEmpty(bounds);
        Assert.All(bounds, bound => Assert.Equal(ConditionalGetFilter.MaxIfNoneMatchLength, bound));
    }

    private static IEnumerable<(string Where, JsonElement Operation)> Operations(JsonDocument json) =>
        json.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => ($"{op.Name} {path.Name}", op.Value)));

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MovieDiscovery.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with MovieDiscovery.slnx) was not found.");
    }
}
