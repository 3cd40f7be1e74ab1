using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MovieDiscovery.Api.Infrastructure.Forwarding;

/// <summary>
/// The <c>ForwardedHeaders</c> configuration section: the reverse proxies (load balancers) whose
/// <c>X-Forwarded-For</c> names the client. By default none: the client is the connection's peer, and
/// a header any client can send is never believed.
/// </summary>
public sealed class ForwardingOptions : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>127.0.0.2</c> or <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many trusted proxies may stand in front of each other: <c>X-Forwarded-For</c> entries are taken
    /// from the right, each only while the hop that sent it is trusted.
    /// </summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<IPAddress> Proxies() => KnownProxies.Select(IPAddress.Parse);

    public IEnumerable<IPNetwork> Networks() => KnownNetworks.Select(network => IPNetwork.Parse(network));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(KnownProxies[i], out _))
            {
                yield return new ValidationResult(
                    $"{Section}:KnownProxies:{i} is not an IP address (e.g. 10.0.0.5).", [nameof(KnownProxies)]);
            }
        }

        for (var i = 0; i < KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(KnownNetworks[i], out _))
            {
                yield return new ValidationResult(
                    $"{Section}:KnownNetworks:{i} is not a network in CIDR notation (e.g. 10.0.0.0/24).", [nameof(KnownNetworks)]);
            }
        }
    }
}
