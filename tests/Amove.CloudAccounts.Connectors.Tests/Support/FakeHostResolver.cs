using System.Net;
using Amove.CloudAccounts.Connectors.Outbound;

namespace Amove.CloudAccounts.Connectors.Tests.Support;

/// <summary>Answers lookups from a script (given the 1-based lookup number, to model rebinding) and counts them.</summary>
internal sealed class FakeHostResolver(Func<string, int, IPAddress[]> answer) : IHostResolver
{
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public static FakeHostResolver Returning(params string[] addresses) =>
        new((_, _) => [.. addresses.Select(IPAddress.Parse)]);

    /// <summary>For IP literals and allow-listed destinations that must not be looked up.</summary>
    public static FakeHostResolver NeverCalled() =>
        new((host, _) => throw new InvalidOperationException($"Unexpected lookup of '{host}'."));

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var lookup = Interlocked.Increment(ref _lookups);
        return Task.FromResult(answer(host, lookup));
    }
}
