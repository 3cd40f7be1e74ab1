using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace MovieDiscovery.Api.Infrastructure.Forwarding;

/// <summary>
/// Reads the client's address from <c>X-Forwarded-For</c> only when the connection comes from a
/// configured proxy, so that the per-address limits see clients, not the load balancer.
/// </summary>
public static class ForwardingSetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardingOptions>()
            .BindConfiguration(ForwardingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardingOptions>>((forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            forwarded.ForwardLimit = trusted.Value.ForwardLimit;
            // The framework trusts loopback by default; only what is configured is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.Proxies())
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (var network in trusted.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline, and only when a proxy is configured: with both lists empty the framework's
    /// middleware would believe <c>X-Forwarded-For</c> from anyone.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<IOptions<ForwardingOptions>>().Value.TrustsAnyProxy
            ? app.UseForwardedHeaders()
            : app;
}
