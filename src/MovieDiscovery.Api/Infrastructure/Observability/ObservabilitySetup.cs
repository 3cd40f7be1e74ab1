using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MovieDiscovery.Api.Infrastructure.Observability;

public static class ObservabilitySetup
{
    /// <summary>The OTLP endpoint (e.g. http://collector:4317); traces and metrics are exported only when set.</summary>
    public const string OtlpEndpointKey = "OpenTelemetry:OtlpEndpoint";

    /// <summary>
    /// Logs: one JSON object a line outside Development, each with the request's trace id (the same id
    /// every error's <c>details.trace_id</c> carries). Traces and metrics: OpenTelemetry (requests,
    /// latency, errors, database commands), exported over OTLP when an endpoint is configured.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var endpoint = builder.Configuration[OtlpEndpointKey];
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("movie-discovery-api"))
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation()
                    .AddNpgsql()
                    .AddOtlpExporter(otlp => otlp.Endpoint = new Uri(endpoint)))
                .WithMetrics(metrics => metrics
                    .AddAspNetCoreInstrumentation()
                    .AddMeter("Npgsql", "Microsoft.EntityFrameworkCore", "System.Net.Http")
                    .AddOtlpExporter(otlp => otlp.Endpoint = new Uri(endpoint)));
        }

        return builder;
    }
}
