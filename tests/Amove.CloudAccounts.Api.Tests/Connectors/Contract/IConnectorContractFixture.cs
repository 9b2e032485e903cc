using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Contract;

/// <summary>
/// What the connector contract suite needs from one provider: its real test server (or a faithful fake of its wire
/// format), accounts on it, and the answers a misbehaving copy of it would send. Every connector has one.
/// </summary>
public interface IConnectorContractFixture
{
    CloudProvider Provider { get; }

    /// <summary>An insert body for an account on the provider's test server, with credentials the provider refuses when asked.</summary>
    object Account(string name, bool wrongCredentials = false);

    /// <summary>An insert body for an account reaching the provider at <paramref name="server"/> instead.</summary>
    object AccountAt(LoopbackHttpServer server, string name);

    /// <summary>Settings the API needs to reach <paramref name="server"/> as this provider (its host is allow-listed by the suite).</summary>
    IReadOnlyDictionary<string, string?> SettingsToReach(LoopbackHttpServer server);

    /// <summary>A new bucket (container, drive) holding a file at each of <paramref name="paths"/>; folders are implied.</summary>
    Task<string> CreateBucketAsync(IEnumerable<string> paths);

    /// <summary>
    /// The provider's answer to <paramref name="request"/> from a copy of it that ignores page sizes: an empty but valid
    /// answer to everything, except object listings, which hold <paramref name="entries"/> files whatever was asked.
    /// </summary>
    string OversizedAnswer(HttpRequestHead request, int entries);
}
