using System.Net;

namespace Amove.CloudAccounts.Connectors.Outbound;

/// <summary>Address space a user-supplied URL must never reach: this host, its networks, cloud metadata, non-unicast.</summary>
internal static class BlockedNetworks
{
    private static readonly IPNetwork[] Networks =
    [
        // IPv4
        IPNetwork.Parse("0.0.0.0/8"),       // "this network", incl. the unspecified 0.0.0.0
        IPNetwork.Parse("10.0.0.0/8"),      // private
        IPNetwork.Parse("100.64.0.0/10"),   // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),     // loopback
        IPNetwork.Parse("169.254.0.0/16"),  // link-local, incl. cloud metadata 169.254.169.254
        IPNetwork.Parse("172.16.0.0/12"),   // private
        IPNetwork.Parse("192.0.0.0/24"),    // IETF protocol assignments
        IPNetwork.Parse("192.168.0.0/16"),  // private
        IPNetwork.Parse("198.18.0.0/15"),   // benchmarking
        IPNetwork.Parse("224.0.0.0/4"),     // multicast
        IPNetwork.Parse("240.0.0.0/4"),     // reserved, incl. broadcast 255.255.255.255

        // IPv6 (IPv4-mapped addresses are unwrapped and checked against the IPv4 rows)
        IPNetwork.Parse("::/128"),          // unspecified
        IPNetwork.Parse("::1/128"),         // loopback
        IPNetwork.Parse("64:ff9b::/96"),    // NAT64: embeds an arbitrary IPv4 address
        IPNetwork.Parse("2002::/16"),       // 6to4: embeds an arbitrary IPv4 address
        IPNetwork.Parse("fc00::/7"),        // unique local
        IPNetwork.Parse("fe80::/10"),       // link-local
        IPNetwork.Parse("fec0::/10"),       // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"),        // multicast
    ];

    public static bool Contain(IPAddress address)
    {
        var normalized = Normalize(address);
        return Networks.Any(network => network.Contains(normalized));
    }

    /// <summary>Unwraps ::ffff:a.b.c.d, so a mapped address is judged (and connected to) as the IPv4 it is.</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
