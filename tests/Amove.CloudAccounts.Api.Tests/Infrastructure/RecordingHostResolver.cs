using System.Collections.Concurrent;
using System.Net;
using Amove.CloudAccounts.Connectors.Outbound;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// Replaces DNS for a test host: answers from a script (given the host and the 1-based lookup number of that host,
/// to model rebinding) and records every lookup. Hosts the script does not know are "not found".
/// </summary>
public sealed class RecordingHostResolver(Func<string, int, IPAddress[]?> answer) : IHostResolver
{
    private readonly ConcurrentQueue<string> _lookups = new();

    public IReadOnlyCollection<string> Lookups => _lookups;

    public int LookupsOf(string host) => _lookups.Count(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase));

    /// <summary>Maps each host to fixed addresses.</summary>
    public static RecordingHostResolver Mapping(params (string Host, string Address)[] records) => new((host, _) =>
    {
        var found = records.Where(r => string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase)).Select(r => IPAddress.Parse(r.Address)).ToArray();
        return found.Length > 0 ? found : null;
    });

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        _lookups.Enqueue(host);
        var lookup = LookupsOf(host);
        return Task.FromResult(answer(host, lookup) ?? []);
    }
}
