namespace Amove.CloudAccounts.Api.Hosting;

/// <summary>Proxies whose X-Forwarded-For and X-Forwarded-Proto are trusted (section <c>ForwardedHeaders</c>).</summary>
public sealed class ReverseProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.2</c>. Loopback is always trusted.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>172.18.0.0/16</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
