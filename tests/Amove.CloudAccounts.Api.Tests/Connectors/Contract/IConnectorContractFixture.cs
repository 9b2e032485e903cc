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

    /// <summary>
    /// Settings the API needs to reach the provider's test server (e.g. <c>Connectors:Dropbox:ApiBaseUrl</c>); empty when
    /// the shared test host reaches it already (s3rver, Azurite).
    /// </summary>
    IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>An insert body for an account on the provider's test server, with credentials the provider refuses when asked.</summary>
    object Account(string name, bool wrongCredentials = false);

    /// <summary>An insert body for an account reaching the provider at <paramref name="server"/> instead.</summary>
    object AccountAt(LoopbackHttpServer server, string name);

    /// <summary>Settings the API needs to reach <paramref name="server"/> as this provider (its host is allow-listed by the suite).</summary>
    IReadOnlyDictionary<string, string?> SettingsToReach(LoopbackHttpServer server);

    /// <summary>A new bucket (container, drive) holding a file at each of <paramref name="paths"/>; folders are implied.</summary>
    Task<string> CreateBucketAsync(IEnumerable<string> paths);

    /// <summary>
    /// A segment of the URL path of every list call for <paramref name="bucket"/>'s objects, to count those calls (for S3
    /// and Azure, the bucket's name; for a provider that lists by id in the query or body, a path segment only its
    /// listing calls have).
    /// </summary>
    string ListingPathSegment(string bucket);

    /// <summary>For providers addressed by id: an id of a folder that does not exist (deleted at the provider).</summary>
    string MissingFolderId { get; }

    /// <summary>
    /// The provider's answer to <paramref name="request"/> from a copy of it that ignores page sizes: an empty but valid
    /// answer to everything, except object listings, which hold <paramref name="entries"/> files whatever was asked.
    /// </summary>
    string OversizedAnswer(HttpRequestHead request, int entries);
}
