namespace Amove.CloudAccounts.Connectors.Outbound;

/// <summary>Bound from the <c>Outbound</c> section.</summary>
public sealed class OutboundOptions
{
    public const string SectionName = "Outbound";

    /// <summary>
    /// Destinations exempt from the address check, e.g. an on-premises S3 server or a local test server:
    /// <c>host</c> (any port), <c>host:port</c> or <c>[ipv6]:port</c>; case-insensitive. Empty by default.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Allows the host and port of <paramref name="url"/>: a destination the operator configured is trusted.</summary>
    public void Trust(Uri url) => AllowedHosts.Add(
        url.HostNameType == UriHostNameType.IPv6 ? $"{url.Host}:{url.Port}" : $"{url.IdnHost}:{url.Port}");
}
