using System.Net;

namespace Amove.CloudAccounts.Connectors.Outbound;

/// <summary>Resolves through the system resolver: all A and AAAA records.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
