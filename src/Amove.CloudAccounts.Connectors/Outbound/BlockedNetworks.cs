using System.Net;
using System.Net.Sockets;

namespace Amove.CloudAccounts.Connectors.Outbound;

/// <summary>
/// Address space a user-supplied URL must never reach: every range of the IANA IPv4 and IPv6 Special-Purpose Address
/// Registries that is not globally reachable, plus multicast and IPv6 space IANA has not allocated for unicast.
/// </summary>
/// <remarks>
/// Ranges IANA marks globally reachable are left open (they are ordinary Internet hosts, e.g. the AS112 DNS sinks
/// 192.31.196.0/24, 192.175.48.0/24, 2620:4f:8000::/48 and AMT 192.52.193.0/24), except where noted below.
/// </remarks>
internal static class BlockedNetworks
{
    // Global unicast, the only IPv6 space IANA assigns to networks. Everything outside it is special-purpose (loopback,
    // unique-local, link-local, multicast, ...) or unallocated; refusing it all also covers ranges IANA carves out of
    // the reserved space later, as it did with 5f00::/16 in 2024.
    private static readonly IPNetwork Ipv6GlobalUnicast = IPNetwork.Parse("2000::/3");

    // NAT64 well-known prefix (RFC 6052), globally reachable: a translator forwards 64:ff9b::a.b.c.d to a.b.c.d, so the
    // embedded IPv4 address is judged. Refusing the whole prefix would refuse every IPv4-only provider on an IPv6-only
    // host with DNS64, which answers each of their names with a 64:ff9b:: address.
    private static readonly IPNetwork Nat64WellKnown = IPNetwork.Parse("64:ff9b::/96");

    private static readonly IPNetwork[] Networks =
    [
        // IPv4 special-purpose registry
        IPNetwork.Parse("0.0.0.0/8"),           // "this network", incl. the unspecified 0.0.0.0
        IPNetwork.Parse("10.0.0.0/8"),          // private
        IPNetwork.Parse("100.64.0.0/10"),       // shared address space (carrier-grade NAT)
        IPNetwork.Parse("127.0.0.0/8"),         // loopback
        IPNetwork.Parse("169.254.0.0/16"),      // link-local, incl. cloud metadata 169.254.169.254
        IPNetwork.Parse("172.16.0.0/12"),       // private
        IPNetwork.Parse("192.0.0.0/24"),        // IETF protocol assignments; whole, though two anycast /32s (PCP, TURN)
                                                // are global: neither is a storage service
        IPNetwork.Parse("192.0.2.0/24"),        // documentation (TEST-NET-1)
        IPNetwork.Parse("192.88.99.0/24"),      // 6to4 relay anycast, deprecated
        IPNetwork.Parse("192.168.0.0/16"),      // private
        IPNetwork.Parse("198.18.0.0/15"),       // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),     // documentation (TEST-NET-2)
        IPNetwork.Parse("203.0.113.0/24"),      // documentation (TEST-NET-3)
        IPNetwork.Parse("224.0.0.0/4"),         // multicast (its own registry)
        IPNetwork.Parse("240.0.0.0/4"),         // reserved, incl. limited broadcast 255.255.255.255

        // IPv6 special-purpose registry, outside global unicast (listed for the record: Ipv6GlobalUnicast covers them)
        IPNetwork.Parse("::/128"),              // unspecified
        IPNetwork.Parse("::1/128"),             // loopback
        IPNetwork.Parse("::/96"),               // IPv4-compatible ::a.b.c.d, deprecated, e.g. [::7f00:1]
        IPNetwork.Parse("::ffff:0:0:0/96"),     // IPv4-translated (SIIT); IPv4-mapped ::ffff:0:0/96 is unwrapped instead
        IPNetwork.Parse("64:ff9b:1::/48"),      // local-use NAT64: the embedded IPv4 sits at an operator-chosen offset
        IPNetwork.Parse("100::/64"),            // discard-only
        IPNetwork.Parse("100:0:0:1::/64"),      // dummy prefix
        IPNetwork.Parse("5f00::/16"),           // SRv6 segment identifiers
        IPNetwork.Parse("fc00::/7"),            // unique local
        IPNetwork.Parse("fe80::/10"),           // link-local
        IPNetwork.Parse("fec0::/10"),           // site-local, deprecated
        IPNetwork.Parse("ff00::/8"),            // multicast

        // IPv6 special-purpose registry, inside global unicast
        IPNetwork.Parse("2001::/23"),           // IETF protocol assignments, whole: Teredo 2001::/32 (embeds an IPv4
                                                // address), benchmarking 2001:2::/48, ORCHID 2001:10::/28 and
                                                // 2001:20::/28, and a few global anycast, AMT, AS112 and drone-ID
                                                // blocks that host no storage service
        IPNetwork.Parse("2001:db8::/32"),       // documentation
        IPNetwork.Parse("2002::/16"),           // 6to4: embeds an arbitrary IPv4 address, relays are deprecated
        IPNetwork.Parse("3fff::/20"),           // documentation
    ];

    public static bool Contain(IPAddress address)
    {
        var judged = Normalize(address);
        if (judged.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (Nat64WellKnown.Contains(judged))
            {
                judged = new IPAddress(judged.GetAddressBytes().AsSpan(12));
            }
            else if (!Ipv6GlobalUnicast.Contains(judged))
            {
                return true;
            }
        }

        foreach (var network in Networks)
        {
            if (network.Contains(judged))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Unwraps ::ffff:a.b.c.d, so a mapped address is judged (and connected to) as the IPv4 it is.</summary>
    public static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
