using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>
/// OpenAPI links, so that a client or a stateful tester can walk the API from one answer to the next: a country or
/// a genre to its movies, a list to an item, a movie to saving it, a save to reading and removing it, and every
/// cursor-paged list to its next page (the same query with <c>cursor</c> = <c>next_cursor</c>). Each link names its
/// target by operation id and sets only parameters the target has: a link that does not fit stops the document
/// from being served (and so fails its tests) rather than misleading.
/// </summary>
internal sealed class ApiLinkTransformer : IOpenApiDocumentTransformer
{
    private const string NextPage = "NextPage";
    private const string CursorParameter = "cursor";

    /// <summary>From (operation, status) to (link name, target operation, description, parameters, body).</summary>
    private static readonly Link[] s_links =
    [
        new("ListCountries", "200", "MoviesOfFirstCountry", "ListMovies", "The movies available in the first country of the page.",
            new() { ["country"] = "$response.body#/data/0/code" }),
        new("ListGenres", "200", "MoviesOfFirstGenre", "ListMovies", "The movies of the first genre of the page (give a country).",
            new() { ["genre"] = "$response.body#/data/0/id" }),
        new("ListMovies", "200", "FirstMovie", "GetMovie", "The detail of the first movie of the page.",
            new() { ["movie_id"] = "$response.body#/data/0/id" }),
        new("GetMovie", "200", "SaveMovie", "SaveMovie", "Save this movie, in the first country it is available in (give a user).",
            [], new JsonObject { ["movie_id"] = "$response.body#/id", ["country"] = "$response.body#/countries/0" }),
        new("GetMe", "200", "SavedMovies", "ListSavedMovies", "The caller's saved movies (give a country).",
            new() { ["user_id"] = "$response.body#/id" }),
        new("GetMe", "200", "SaveMovie", "SaveMovie", "Save a movie to the caller's list.",
            new() { ["user_id"] = "$response.body#/id" }),
        new("SaveMovie", "201", "SavedMovie", "GetSavedMovie", "The saved movie just added.",
            new() { ["user_id"] = "$request.path.user_id", ["movie_id"] = "$response.body#/id" }),
        new("SaveMovie", "201", "RemoveSavedMovie", "RemoveSavedMovie", "Remove the saved movie just added.",
            new() { ["user_id"] = "$request.path.user_id", ["movie_id"] = "$response.body#/id" }),
        new("SaveMovie", "201", "Movie", "GetMovie", "The movie's detail.",
            new() { ["movie_id"] = "$response.body#/id" }),
        new("ListSavedMovies", "200", "FirstSavedMovie", "GetSavedMovie", "The first saved movie of the page.",
            new() { ["user_id"] = "$request.path.user_id", ["movie_id"] = "$response.body#/data/0/id" }),
        new("ListSavedMovies", "200", "RemoveFirstSavedMovie", "RemoveSavedMovie", "Remove the first saved movie of the page.",
            new() { ["user_id"] = "$request.path.user_id", ["movie_id"] = "$response.body#/data/0/id" }),
        new("GetSavedMovie", "200", "RemoveSavedMovie", "RemoveSavedMovie", "Remove this saved movie.",
            new() { ["user_id"] = "$request.path.user_id", ["movie_id"] = "$request.path.movie_id" }),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var operations = (document.Paths ?? []).Values
            .SelectMany(path => path.Operations ?? [])
            .Select(operation => operation.Value)
            .Where(operation => operation.OperationId is not null)
            .ToDictionary(operation => operation.OperationId!, StringComparer.Ordinal);

        foreach (var link in s_links)
        {
            Add(operations, link);
        }

        foreach (var (id, operation) in operations)
        {
            if (ParameterNames(operation).Contains(CursorParameter))
            {
                Add(operations, NextPageOf(id, operation));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The same list with <c>cursor</c> from this page and every other parameter as it was (but <c>page</c>, which a cursor replaces).</summary>
    private static Link NextPageOf(string id, OpenApiOperation operation)
    {
        var parameters = (operation.Parameters ?? [])
            .Where(p => p.In is ParameterLocation.Query or ParameterLocation.Path && p.Name is not (CursorParameter or "page"))
            .ToDictionary(p => p.Name!, p => $"$request.{(p.In == ParameterLocation.Path ? "path" : "query")}.{p.Name}");
        parameters[CursorParameter] = "$response.body#/next_cursor";
        return new Link(id, "200", NextPage, id, "The next page: the same query continued from `next_cursor` (absent on the last page).", parameters);
    }

    private static void Add(Dictionary<string, OpenApiOperation> operations, Link link)
    {
        var from = operations.GetValueOrDefault(link.From) ?? throw Unfit(link, $"no operation {link.From}");
        var to = operations.GetValueOrDefault(link.To) ?? throw Unfit(link, $"no operation {link.To}");
        if (from.Responses?.GetValueOrDefault(link.Status) is not OpenApiResponse response)
        {
            throw Unfit(link, $"{link.From} has no {link.Status} response");
        }

        var unknown = link.Parameters.Keys.Except(ParameterNames(to)).ToList();
        if (unknown.Count > 0 || (link.Body is not null && to.RequestBody is null))
        {
            throw Unfit(link, $"{link.To} has no {(unknown.Count > 0 ? string.Join(", ", unknown) : "request body")}");
        }

        response.Links ??= new Dictionary<string, IOpenApiLink>();
        response.Links[link.Name] = new OpenApiLink
        {
            OperationId = link.To,
            Description = link.Description,
            Parameters = link.Parameters.ToDictionary(
                p => p.Key,
                p => new RuntimeExpressionAnyWrapper { Expression = RuntimeExpression.Build(p.Value) }),
            RequestBody = link.Body is null ? null : new RuntimeExpressionAnyWrapper { Any = link.Body.DeepClone() },
        };
    }

    private static HashSet<string> ParameterNames(OpenApiOperation operation) =>
        (operation.Parameters ?? []).Select(p => p.Name!).ToHashSet(StringComparer.Ordinal);

    private static InvalidOperationException Unfit(Link link, string why) =>
        new($"The OpenAPI link {link.Name} from {link.From} to {link.To} does not fit: {why}.");

    private sealed record Link(
        string From, string Status, string Name, string To, string Description, Dictionary<string, string> Parameters, JsonObject? Body = null);
}
