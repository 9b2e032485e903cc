using System.Net;

namespace Amove.CloudAccounts.Connectors.Outbound;

/// <summary>Resolves a host name to every address it has, so the guard can vet them all.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
