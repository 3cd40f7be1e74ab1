using System.Globalization;
using Microsoft.Extensions.Options;
using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Auth;
using MovieDiscovery.Api.Features.Availability;
using MovieDiscovery.Api.Features.Countries;
using MovieDiscovery.Api.Features.Feed;
using MovieDiscovery.Api.Features.Genres;
using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Features.SavedMovies;
using MovieDiscovery.Api.Features.Users;
using MovieDiscovery.Api.Infrastructure.Auth;
using MovieDiscovery.Api.Infrastructure.Benchmark;
using MovieDiscovery.Api.Infrastructure.Caching;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.Forwarding;
using MovieDiscovery.Api.Infrastructure.Health;
using MovieDiscovery.Api.Infrastructure.Http;
using MovieDiscovery.Api.Infrastructure.Json;
using MovieDiscovery.Api.Infrastructure.Limits;
using MovieDiscovery.Api.Infrastructure.Observability;
using MovieDiscovery.Api.Infrastructure.OpenApi;
using MovieDiscovery.Api.Infrastructure.RateLimiting;
using MovieDiscovery.Api.Infrastructure.Security;

// ICU is on for Unicode normalisation (AccountEmail); formatting and comparisons stay culture-neutral whatever the host's locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;

// The migration step: the same binary, same settings; it migrates, seeds when enabled, and exits.
var migrateOnly = args.Contains(DatabaseSetup.MigrateOnlyFlag);
// The feed's import and export (make import, make export): the same binary and settings, then it exits.
var feed = FeedCommand.Parse(args);
var builder = WebApplication.CreateBuilder([.. FeedCommand.HostArguments(args).Where(arg => arg != DatabaseSetup.MigrateOnlyFlag)]);
builder.AddObservability();

var maxBodyBytes = builder.Configuration.GetValue(RequestBodyLimit.SettingKey, RequestBodyLimit.DefaultMaxBytes);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = maxBodyBytes;
    // Above RequestHeadLimit's bounds, so that those answer first, in the envelope.
    kestrel.Limits.MaxRequestLineSize = 4 * RequestHeadLimit.MaxTargetBytes;
    kestrel.Limits.MaxRequestHeadersTotalSize = 4 * RequestHeadLimit.MaxHeaderBytes;
    HeaderCharacters.ReadAsLatin1(kestrel);
});

builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
// Binding failures (malformed JSON, wrong content type) reach the exception handler, which answers in the envelope.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddProblemDetails();
builder.Services.AddDatabase();
builder.Services.AddCatalogueCache();
builder.Services.AddHostedService<AvailabilityClockService>();
builder.Services.AddServiceHealthChecks();
builder.Services.AddShutdownDrain();
builder.Services.AddApiAuthentication();
builder.Services.AddTrustedProxies();
builder.Services.AddApiRateLimiting();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddApiOpenApi();

var app = builder.Build();
if (migrateOnly || feed is not null)
{
    // Disposing the host flushes the console logger's queue; a command that returned without it could exit
    // before its last lines (a failure's reason) were written.
    await using (app)
    {
        return migrateOnly ? await app.Services.RunMigrationStepAsync() : await feed!.RunAsync(app.Services, Console.Out);
    }
}

// Every setting is checked before the database is touched: a start refused for a bad setting changes nothing.
app.Services.GetService<IStartupValidator>()?.Validate();

// First: everything after it sees the client's address, not the load balancer's.
app.UseTrustedForwardedHeaders();
// HEAD runs as GET, so it must come before routing chooses an endpoint by method.
app.UseMiddleware<HeadRequests>();
app.UseRouting();
app.UseMiddleware<SecurityHeaders>();
app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeErrors.WriteAsync);
app.UseMiddleware<RequestHeadLimit>();
app.UseMiddleware<HeaderCharacters>();
app.UseMiddleware<RequestBodyLimit>(maxBodyBytes);
app.UseMiddleware<JsonCharset>();
app.UseAuthentication();
app.UseApiRateLimiting();

if (ApiDocs.Enabled(app.Configuration))
{
    app.MapApiDocs();
}

app.MapServiceHealthChecks();
if (app.Configuration.GetValue<bool>(BaselineEndpoint.SettingKey))
{
    app.MapBenchmarkBaseline();
}

// Each feature's group declares its own filters (request validation, access), in the order they run.
var v1 = app.MapGroup("/v1")
    .ProducesErrors(ErrorCodes.RateLimited, ErrorCodes.InternalError, ErrorCodes.ServiceUnavailable)
    .ProducesErrorExamples([.. ApiErrors.RequestHeadErrors]);
v1.MapGenres();
v1.MapCountries();
v1.MapMovies();
v1.MapAvailability();
v1.MapAuth();
v1.MapMe();
v1.MapSavedMovies();

await app.Services.InitializeDatabaseAsync(migrate: app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup);
await app.RunAsync();
return 0;

/// <summary>The entry point; public so the tests can host the real pipeline.</summary>
public partial class Program;
