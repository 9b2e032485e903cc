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
}
