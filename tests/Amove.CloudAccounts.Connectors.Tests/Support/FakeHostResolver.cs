using System.Collections.Concurrent;
using System.Net;
using Amove.CloudAccounts.Connectors.Outbound;

namespace Amove.CloudAccounts.Connectors.Tests.Support;

/// <summary>
/// Answers lookups from a script (given the 1-based lookup number, to model rebinding) and records the names asked for.
/// </summary>
public sealed class FakeHostResolver(Func<string, int, IPAddress[]> answer) : IHostResolver
{
    private readonly ConcurrentQueue<string> _hosts = new();
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    /// <summary>Every name looked up, in order.</summary>
    public IReadOnlyList<string> Hosts => [.. _hosts];

    public static FakeHostResolver Returning(params string[] addresses) =>
        new((_, _) => [.. addresses.Select(IPAddress.Parse)]);

    /// <summary>For IP literals and allow-listed destinations that must not be looked up.</summary>
    public static FakeHostResolver NeverCalled() =>
        new((host, _) => throw new InvalidOperationException($"Unexpected lookup of '{host}'."));

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        _hosts.Enqueue(host);
        var lookup = Interlocked.Increment(ref _lookups);
        return Task.FromResult(answer(host, lookup));
    }
}
