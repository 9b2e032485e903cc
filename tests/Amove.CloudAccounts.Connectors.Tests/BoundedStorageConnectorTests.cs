using Amove.CloudAccounts.Connectors.Abstractions;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Tests;

/// <summary>The bounds every registered connector is held to, whatever it does itself.</summary>
public sealed class BoundedStorageConnectorTests
{
    private static readonly StorageCredentials Credentials = new(CloudProvider.Wasabi, "key", "secret", null, null);

    private static BoundedStorageConnector Bounded(IStorageConnector inner, int maxBuckets = 10_000) =>
        new(inner, CloudProvider.Wasabi, Options.Create(new ConnectorsOptions { MaxBuckets = maxBuckets }));

    [Fact]
    public async Task Refuses_a_page_with_more_entries_than_were_asked_for()
    {
        var connector = Bounded(new FixedConnector(objects: 3));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => connector.ListObjectsAsync(
            Credentials, new ObjectListRequest("bucket", null, "", MaxCount: 2, ProviderCursor: null), CancellationToken.None));

        Assert.Equal(ProviderFailure.Oversized, failure.Failure);
        Assert.Equal("Wasabi answered with 3 entries where at most 2 were asked for.", failure.Message);
    }

    [Fact]
    public async Task Passes_a_page_of_exactly_count_entries_through_unchanged()
    {
        var inner = new FixedConnector(objects: 2);

        var page = await Bounded(inner).ListObjectsAsync(
            Credentials, new ObjectListRequest("bucket", null, "", MaxCount: 2, ProviderCursor: null), CancellationToken.None);

        Assert.Same(inner.Page, page);
    }

    [Fact]
    public async Task Refuses_more_buckets_than_MaxBuckets_and_passes_exactly_that_many()
    {
        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => Bounded(new FixedConnector(buckets: 6), maxBuckets: 5).ListBucketsAsync(Credentials, includeRegion: false, CancellationToken.None));
        var buckets = await Bounded(new FixedConnector(buckets: 5), maxBuckets: 5).ListBucketsAsync(Credentials, includeRegion: false, CancellationToken.None);

        Assert.Equal(ProviderFailure.Oversized, failure.Failure);
        Assert.Equal("Wasabi has more than 5 buckets, more than this service lists.", failure.Message);
        Assert.Equal(5, buckets.Count);
    }

    private sealed class FixedConnector(int buckets = 0, int objects = 0) : IStorageConnector
    {
        public StorageObjectPage Page { get; } = new(
            [.. Enumerable.Range(0, objects).Select(i => new StorageObject("", $"o{i}", $"o{i}", 1, null, StorageObjectType.File))], null);

        public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(StorageCredentials credentials, bool includeRegion, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StorageBucket>>([.. Enumerable.Range(0, buckets).Select(i => new StorageBucket("", $"b{i}", null, null))]);

        public Task<StorageObjectPage> ListObjectsAsync(StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(Page);
    }
}
