using System.Globalization;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Telemetry;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Platform;

/// <summary>
/// The platform every connector is reached through (see <see cref="Microsoft.Extensions.DependencyInjection.ConnectorsServiceCollectionExtensions"/>):
/// <list type="bullet">
/// <item>one deadline per operation, <see cref="ConnectorsOptions.TimeoutSeconds"/> on the <see cref="TimeProvider"/>,
/// covering every page, retry and lookup of it;</item>
/// <item>one translation of what fails below the provider's answers (<see cref="ProviderFailures.TryTranslate"/>);</item>
/// <item>what the provider's description says: no listing of a provider that is only recorded, regions only where they exist;</item>
/// <item>answers held to what was asked: never more buckets than <see cref="ConnectorsOptions.MaxBuckets"/>, never more
/// entries in a page than its <c>count</c>. A provider that sends more is refused with <see cref="ProviderFailure.Oversized"/>
/// rather than trimmed: a trimmed page would need a provider-specific cursor to resume exactly after its last entry, and a
/// provider that ignores its limits is not one whose cursors can be trusted either.</item>
/// </list>
/// Connectors that administer buckets (<see cref="IBucketAdministration"/>) are reached through it the same way; for the
/// others it refuses with <see cref="ProviderFailure.InvalidRequest"/>.
/// </summary>
public sealed class BoundedStorageConnector(
    IStorageConnector inner,
    ProviderDescription description,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock) : IStorageConnector, IBucketAdministration
{
    private readonly ConnectorsOptions _settings = options.Value;

    public IStorageConnector Inner => inner;

    public ProviderDescription Description => description;

    public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
        description.IsBrowsable
            ? CallAsync("validate_credentials", async token => { await inner.ValidateCredentialsAsync(credentials, token); return true; }, cancellationToken)
            : Task.CompletedTask;

    public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
        CallAsync("list_buckets", async token =>
        {
            EnsureBrowsable();
            var buckets = await inner.ListBucketsAsync(credentials, request with { WithRegions = request.WithRegions && description.HasRegions }, token);
            return buckets.Count <= _settings.MaxBuckets ? buckets : throw TooManyBuckets(description.Provider, _settings.MaxBuckets);
        }, cancellationToken);

    public Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
        CallAsync("list_objects", async token =>
        {
            EnsureBrowsable();
            var page = await inner.ListObjectsAsync(credentials, request, token);
            return page.Items.Count <= request.MaxCount
                ? page
                : throw new StorageProviderException(
                    ProviderFailure.Oversized,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{description.Provider} answered with {page.Items.Count} entries where at most {request.MaxCount} were asked for."));
        }, cancellationToken);

    public Task CreateBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken) =>
        CallAsync("create_bucket", async token => { await Administration().CreateBucketAsync(credentials, bucketName, token); return true; }, cancellationToken);

    public Task DeleteBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken) =>
        CallAsync("delete_bucket", async token => { await Administration().DeleteBucketAsync(credentials, bucketName, token); return true; }, cancellationToken);

    public Task<long> MeasureBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken) =>
        CallAsync("measure_bucket", token => Administration().MeasureBucketAsync(credentials, bucketName, token), cancellationToken);

    /// <summary>The one wording of "too many buckets", for connectors that stop paging early too.</summary>
    public static StorageProviderException TooManyBuckets(CloudProvider provider, int maxBuckets) => new(
        ProviderFailure.Oversized,
        string.Create(CultureInfo.InvariantCulture, $"{provider} has more than {maxBuckets} buckets, more than this service lists."));

    /// <summary>The one wording of "too many pages", for connectors that follow a provider's pages of <paramref name="what"/>.</summary>
    public static StorageProviderException TooManyPages(CloudProvider provider, int maxPages, string what) => new(
        ProviderFailure.Oversized,
        string.Create(CultureInfo.InvariantCulture, $"{provider} answered with more than {maxPages} pages of {what}, more than this service follows."));

    private IBucketAdministration Administration() => inner as IBucketAdministration
        ?? throw new StorageProviderException(ProviderFailure.InvalidRequest, $"{description.DisplayName} buckets are not administered by this service.");

    private void EnsureBrowsable()
    {
        if (!description.IsBrowsable)
        {
            throw new StorageProviderException(ProviderFailure.InvalidRequest, description.NotBrowsableReason);
        }
    }

    /// <param name="name">The operation's name in metrics (<see cref="AmoveMetrics.RecordProviderCall"/>).</param>
    private async Task<T> CallAsync<T>(string name, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_settings.Timeout, clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = clock.GetTimestamp();
        try
        {
            var result = await operation(deadline.Token);
            AmoveMetrics.RecordProviderCall(description.Provider, name, clock.GetElapsedTime(started), failure: null);
            return result;
        }
        catch (Exception exception) when (ProviderFailures.TryTranslate(
            exception, description.Provider, _settings.Timeout, cancellationToken, out var failure))
        {
            AmoveMetrics.RecordProviderCall(description.Provider, name, clock.GetElapsedTime(started), failure.Failure);
            throw failure;
        }
    }
}
