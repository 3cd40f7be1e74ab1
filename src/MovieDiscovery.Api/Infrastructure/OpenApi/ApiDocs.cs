using MovieDiscovery.Api.Infrastructure.Security;
using Scalar.AspNetCore;

namespace MovieDiscovery.Api.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c> and <c>.yaml</c>) and the interactive reference (<c>/docs</c>).
/// On unless <c>Docs:Enabled=false</c>; off, those paths are unknown routes (404 in the envelope).
/// </summary>
public static class ApiDocs
{
    public const string SettingKey = "Docs:Enabled";

    public const string DocumentName = "v1";

    public const string PagePath = "/docs";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue(SettingKey, true);

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        // Only the one document's name matches: any other is an unknown route, answered in the envelope
        // (the package's own answer to an unknown name is plain text).
        const string name = $"{{documentName:regex(^{DocumentName}$)}}";
        app.MapOpenApi($"/openapi/{name}.json");
        app.MapOpenApi($"/openapi/{name}.yaml");
        app.UseWhen(context => context.Request.Path.StartsWithSegments(PagePath), docs => docs.UseMiddleware<DocsContentSecurityPolicy>());
        // Served from the package with its default fonts off: the page loads nothing from outside.
        app.MapScalarApiReference(PagePath, scalar => scalar.WithTitle("Movie Discovery API").DisableDefaultFonts());
        return app;
    }
}
