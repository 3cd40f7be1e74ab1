using MovieDiscovery.Api.Data;
using MovieDiscovery.Api.Features.Countries;
using MovieDiscovery.Api.Features.Genres;
using MovieDiscovery.Api.Features.Movies;
using MovieDiscovery.Api.Infrastructure.Errors;
using MovieDiscovery.Api.Infrastructure.Health;
using MovieDiscovery.Api.Infrastructure.Json;
using MovieDiscovery.Api.Infrastructure.Validation;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = builder.Configuration.GetValue("Limits:MaxRequestBodyBytes", 16 * 1024);
});

builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
// Binding failures (malformed JSON, wrong content type) reach the exception handler, which answers in the envelope.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddProblemDetails();
builder.Services.AddDatabase(builder.Configuration);
builder.Services.AddServiceHealthChecks();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeErrors.WriteAsync);

app.MapOpenApi();
app.MapScalarApiReference("/docs");
app.MapServiceHealthChecks();

var v1 = app.MapGroup("/v1").AddEndpointFilter<ValidationFilter>();
v1.MapGenres();
v1.MapCountries();
v1.MapMovies();

await app.Services.InitializeDatabaseAsync();
await app.RunAsync();

/// <summary>The entry point; public so the tests can host the real pipeline.</summary>
public partial class Program;
