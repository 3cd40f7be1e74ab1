using System.Net;
using System.Net.Sockets;

namespace MovieDiscovery.Api.Infrastructure.Forwarding;

/// <summary>The client's address, as the connection (or a trusted proxy's <c>X-Forwarded-For</c>) gives it.</summary>
public static class ClientAddress
{
    /// <summary>For logs: the address, or <c>unknown</c> when the server has none.</summary>
    public static string Of(HttpContext http) => Normalised(http)?.ToString() ?? "unknown";

    /// <summary>
    /// The rate-limit key of an anonymous client: <c>ip:203.0.113.7</c>, or an IPv6 client's /64
    /// (<c>ip:2001:db8:1:2::/64</c>), since one subscriber commonly holds a whole /64.
    /// </summary>
    public static string Key(HttpContext http)
    {
        if (Normalised(http) is not { } address)
        {
            return "ip:unknown";
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "ip:" + address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"ip:{new IPAddress(bytes)}/64";
    }

    private static IPAddress? Normalised(HttpContext http) =>
        http.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : http.Connection.RemoteIpAddress;
}
