using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Amove.CloudAccounts.Connectors.Outbound;

/// <summary>
/// Reads a URL host as an IP address the way the guard connects to it. <see cref="Uri"/> has already turned decimal,
/// octal, hex and short IPv4 forms, full-width digits and every IPv6 spelling into one canonical form; what is left
/// are the brackets around IPv6 (the handler's host keeps them), a zone id, and a trailing dot, which makes
/// <c>127.0.0.1.</c> a name to <see cref="Uri"/> but a number to some resolvers, so the guard reads it as the number.
/// </summary>
internal static class IpLiteral
{
    public static bool TryParse(string host, [NotNullWhen(true)] out IPAddress? address)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out address)
            || (bare.EndsWith('.') && IPAddress.TryParse(bare[..^1], out address));
    }
}
