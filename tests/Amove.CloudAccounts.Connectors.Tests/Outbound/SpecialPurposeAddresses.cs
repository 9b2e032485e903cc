using System.Net;
using System.Net.Sockets;

namespace Amove.CloudAccounts.Connectors.Tests.Outbound;

/// <summary>
/// One row per blocked range (IANA IPv4 and IPv6 special-purpose registries, multicast, unallocated IPv6) with an
/// address from its edge or one embedding loopback, and the addresses that must stay reachable. Shared by the early
/// check and the connect-time check, which must agree.
/// </summary>
public static class SpecialPurposeAddresses
{
    public static TheoryData<string, string> Blocked => new()
    {
        // IPv4
        { "0.0.0.0/8 this network", "0.0.0.0" },
        { "0.0.0.0/8 this network", "0.255.255.255" },
        { "10.0.0.0/8 private", "10.0.0.1" },
        { "10.0.0.0/8 private", "10.255.255.254" },
        { "100.64.0.0/10 shared (CGN)", "100.64.0.1" },
        { "100.64.0.0/10 shared (CGN)", "100.127.255.254" },
        { "127.0.0.0/8 loopback", "127.0.0.1" },
        { "127.0.0.0/8 loopback", "127.255.255.254" },
        { "169.254.0.0/16 link-local", "169.254.169.254" },
        { "169.254.0.0/16 link-local", "169.254.0.1" },
        { "172.16.0.0/12 private", "172.16.0.1" },
        { "172.16.0.0/12 private", "172.31.255.254" },
        { "192.0.0.0/24 IETF protocol assignments", "192.0.0.8" },
        { "192.0.0.0/24 IETF protocol assignments (PCP anycast, global but blocked)", "192.0.0.9" },
        { "192.0.0.0/24 IETF protocol assignments (NAT64 discovery)", "192.0.0.171" },
        { "192.0.2.0/24 TEST-NET-1", "192.0.2.1" },
        { "192.88.99.0/24 6to4 relay anycast", "192.88.99.1" },
        { "192.168.0.0/16 private", "192.168.0.1" },
        { "192.168.0.0/16 private", "192.168.255.254" },
        { "198.18.0.0/15 benchmarking", "198.18.0.1" },
        { "198.18.0.0/15 benchmarking", "198.19.255.254" },
        { "198.51.100.0/24 TEST-NET-2", "198.51.100.7" },
        { "203.0.113.0/24 TEST-NET-3", "203.0.113.9" },
        { "224.0.0.0/4 multicast", "224.0.0.1" },
        { "224.0.0.0/4 multicast", "239.255.255.250" },
        { "240.0.0.0/4 reserved", "240.0.0.1" },
        { "255.255.255.255/32 limited broadcast", "255.255.255.255" },

        // IPv6
        { "::/128 unspecified", "::" },
        { "::1/128 loopback", "::1" },
        { "::/96 IPv4-compatible, loopback", "::7f00:1" },
        { "::/96 IPv4-compatible, public", "::8.8.8.8" },
        { "::ffff:0:0/96 IPv4-mapped, loopback", "::ffff:127.0.0.1" },
        { "::ffff:0:0/96 IPv4-mapped, metadata", "::ffff:169.254.169.254" },
        { "::ffff:0:0/96 IPv4-mapped, private", "::ffff:10.0.0.1" },
        { "::ffff:0:0:0/96 IPv4-translated, loopback", "::ffff:0:7f00:1" },
        { "::ffff:0:0:0/96 IPv4-translated, public", "::ffff:0:808:808" },
        { "64:ff9b::/96 NAT64 embedding loopback", "64:ff9b::7f00:1" },
        { "64:ff9b::/96 NAT64 embedding metadata", "64:ff9b::a9fe:a9fe" },
        { "64:ff9b::/96 NAT64 embedding private", "64:ff9b::c0a8:101" },
        { "64:ff9b:1::/48 local-use NAT64", "64:ff9b:1::808:808" },
        { "64:ff9b:1::/48 local-use NAT64", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff" },
        { "100::/64 discard-only", "100::1" },
        { "100:0:0:1::/64 dummy prefix", "100:0:0:1::1" },
        { "2001::/23 IETF protocol assignments", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2001::/23 IETF protocol assignments (PCP anycast)", "2001:1::1" },
        { "2001::/32 Teredo", "2001:0:4136:e378:8000:63bf:3fff:fdd2" },
        { "2001::/32 Teredo", "2001::1" },
        { "2001:2::/48 benchmarking", "2001:2::1" },
        { "2001:10::/28 ORCHID (deprecated)", "2001:10::1" },
        { "2001:20::/28 ORCHIDv2", "2001:2f:ffff::1" },
        { "2001:db8::/32 documentation", "2001:db8::1" },
        { "2002::/16 6to4 embedding loopback", "2002:7f00:1::1" },
        { "2002::/16 6to4 embedding public", "2002:808:808::1" },
        { "3fff::/20 documentation", "3fff::1" },
        { "3fff::/20 documentation", "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "5f00::/16 SRv6 SIDs", "5f00::1" },
        { "fc00::/7 unique local", "fc00::1" },
        { "fc00::/7 unique local", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "fe80::/10 link-local", "fe80::1" },
        { "fe80::/10 link-local", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "fec0::/10 site-local", "fec0::1" },
        { "ff00::/8 multicast", "ff02::1" },
        { "ff00::/8 multicast", "ff0e::fb" },
        { "outside 2000::/3, unallocated", "1::1" },
        { "outside 2000::/3, unallocated", "4000::1" },
        { "outside 2000::/3, unallocated", "e000::1" },
    };

    public static TheoryData<string, string> Allowed => new()
    {
        { "public IPv4", "8.8.8.8" },
        { "public IPv4", "1.1.1.1" },
        { "just past 10.0.0.0/8", "11.0.0.1" },
        { "just before 100.64.0.0/10", "100.63.255.254" },
        { "just past 100.64.0.0/10", "100.128.0.1" },
        { "just past 172.16.0.0/12", "172.32.0.1" },
        { "just past 198.18.0.0/15", "198.20.0.1" },
        { "last unicast before multicast", "223.255.255.254" },
        { "192.31.196.0/24 AS112, globally reachable", "192.31.196.1" },
        { "192.175.48.0/24 AS112 direct delegation, globally reachable", "192.175.48.1" },
        { "192.52.193.0/24 AMT, globally reachable", "192.52.193.1" },
        { "public IPv6", "2606:4700::1111" },
        { "just past 2001::/23", "2001:200::1" },
        { "2620:4f:8000::/48 AS112, globally reachable", "2620:4f:8000::1" },
        { "::ffff:0:0/96 IPv4-mapped public, judged as IPv4", "::ffff:8.8.8.8" },
        { "64:ff9b::/96 NAT64 embedding public, judged by the embedded IPv4", "64:ff9b::808:808" },
    };

    /// <summary>The address as a URL writes it: IPv6 in brackets.</summary>
    public static string AsUrlHost(string address) =>
        IPAddress.Parse(address).AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
}
