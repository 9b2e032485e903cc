using System.Globalization;
using Amove.CloudAccounts.Connectors.Abstractions;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors;

/// <summary>
/// Wraps every registered connector (see <see cref="Microsoft.Extensions.DependencyInjection.ConnectorsServiceCollectionExtensions"/>) so that what a provider
/// answers is held to what was asked, whatever the connector does: never more buckets than
/// <see cref="ConnectorsOptions.MaxBuckets"/>, never more entries in a page than its <c>count</c>. A provider that sends
/// more is refused with <see cref="ProviderFailure.Oversized"/> rather than trimmed: a trimmed page would need a
/// provider-specific cursor to resume exactly after its last entry, and a provider that ignores its limits is not one
/// whose cursors can be trusted either. Each connector still bounds its own paging and reads; this is the backstop.
/// </summary>
internal sealed class BoundedStorageConnector(IStorageConnector inner, CloudProvider provider, IOptions<ConnectorsOptions> options)
    : IStorageConnector
{
    public IStorageConnector Inner => inner;

    public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
        inner.ValidateCredentialsAsync(credentials, cancellationToken);

    public async Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, bool includeRegion, CancellationToken cancellationToken)
    {
        var buckets = await inner.ListBucketsAsync(credentials, includeRegion, cancellationToken);
        var maxBuckets = options.Value.MaxBuckets;
        return buckets.Count <= maxBuckets ? buckets : throw TooManyBuckets(provider, maxBuckets);
    }

    public async Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        var page = await inner.ListObjectsAsync(credentials, request, cancellationToken);
        return page.Items.Count <= request.MaxCount
            ? page
            : throw new StorageProviderException(
                ProviderFailure.Oversized,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{provider} answered with {page.Items.Count} entries where at most {request.MaxCount} were asked for."));
    }

    /// <summary>The one wording of "too many buckets", for connectors that stop paging early too.</summary>
    public static StorageProviderException TooManyBuckets(CloudProvider provider, int maxBuckets) => new(
        ProviderFailure.Oversized,
        string.Create(CultureInfo.InvariantCulture, $"{provider} has more than {maxBuckets} buckets, more than this service lists."));
}
