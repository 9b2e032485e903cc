using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Platform;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Connectors.Tests.Platform;

/// <summary>What the platform holds every registered connector to, whatever the connector does itself.</summary>
public sealed class BoundedStorageConnectorTests
{
    private static readonly StorageCredentials Credentials = Requests.Keys(CloudProvider.Wasabi, "key", "secret", serviceUrl: null);

    private static readonly ProviderDescription Regional = new()
    {
        Provider = CloudProvider.Wasabi,
        DisplayName = "Wasabi",
        Credentials = CredentialKind.KeyPair,
        ServiceUrl = ServiceUrlRule.Optional,
        Addressing = ObjectAddressing.ByPath,
        HasRegions = true,
    };

    private static BoundedStorageConnector Bounded(
        IStorageConnector inner, int maxBuckets = 10_000, ProviderDescription? description = null, TimeProvider? clock = null) =>
        new(inner, description ?? Regional, Options.Create(new ConnectorsOptions { MaxBuckets = maxBuckets, TimeoutSeconds = 5 }), clock ?? TimeProvider.System);

    [Fact]
    public async Task Refuses_a_page_with_more_entries_than_were_asked_for()
    {
        var connector = Bounded(new FixedConnector(objects: 3));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => connector.ListObjectsAsync(
            Credentials, Requests.Folder("bucket", "", maxCount: 2), CancellationToken.None));

        Assert.Equal(ProviderFailure.Oversized, failure.Failure);
        Assert.Equal("Wasabi answered with 3 entries where at most 2 were asked for.", failure.Message);
    }

    [Fact]
    public async Task Passes_a_page_of_exactly_count_entries_through_unchanged()
    {
        var inner = new FixedConnector(objects: 2);

        var page = await Bounded(inner).ListObjectsAsync(Credentials, Requests.Folder("bucket", "", maxCount: 2), CancellationToken.None);

        Assert.Same(inner.Page, page);
    }

    [Fact]
    public async Task Refuses_more_buckets_than_MaxBuckets_and_passes_exactly_that_many()
    {
        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => Bounded(new FixedConnector(buckets: 6), maxBuckets: 5).ListBucketsAsync(Credentials, Requests.Buckets, CancellationToken.None));
        var buckets = await Bounded(new FixedConnector(buckets: 5), maxBuckets: 5).ListBucketsAsync(Credentials, Requests.Buckets, CancellationToken.None);

        Assert.Equal(ProviderFailure.Oversized, failure.Failure);
        Assert.Equal("Wasabi has more than 5 buckets, more than this service lists.", failure.Message);
        Assert.Equal(5, buckets.Count);
    }

    [Fact]
    public async Task Asks_for_regions_only_where_the_provider_has_them()
    {
        var inner = new FixedConnector(buckets: 1);

        await Bounded(inner).ListBucketsAsync(Credentials, Requests.BucketsWithRegions, CancellationToken.None);
        await Bounded(inner, description: Regional with { HasRegions = false }).ListBucketsAsync(Credentials, Requests.BucketsWithRegions, CancellationToken.None);

        Assert.Equal([true, false], inner.RegionsAskedFor);
    }

    [Fact]
    public async Task Neither_connects_nor_lists_for_a_provider_that_is_only_recorded()
    {
        var inner = new FixedConnector(buckets: 1, objects: 1);
        var recorded = Bounded(inner, description: Regional with { DisplayName = "Fastr Server", IsBrowsable = false });

        await recorded.ValidateCredentialsAsync(Credentials, CancellationToken.None);
        var buckets = await Assert.ThrowsAsync<StorageProviderException>(
            () => recorded.ListBucketsAsync(Credentials, Requests.Buckets, CancellationToken.None));
        var objects = await Assert.ThrowsAsync<StorageProviderException>(
            () => recorded.ListObjectsAsync(Credentials, Requests.Folder("bucket", ""), CancellationToken.None));

        Assert.Equal(0, inner.Calls);
        Assert.All([buckets, objects], failure =>
        {
            Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
            Assert.Equal("Listing is not supported for Fastr Server.", failure.Message);
        });
    }

    [Fact]
    public async Task Ends_an_operation_at_its_deadline_however_many_calls_it_makes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var hanging = new HangingConnector();

        var call = Bounded(hanging, clock: clock).ListBucketsAsync(Credentials, Requests.Buckets, CancellationToken.None);
        await hanging.Started.Task;
        clock.Advance(TimeSpan.FromSeconds(4.999));
        Assert.False(call.IsCompleted, "The call ended before its deadline.");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => call);

        Assert.Equal(ProviderFailure.TimedOut, failure.Failure);
        Assert.Equal("Wasabi did not answer within the 5-second limit.", failure.Message);
    }

    [Fact]
    public async Task Lets_a_bug_in_a_connector_surface_unchanged()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Bounded(new BuggyConnector()).ValidateCredentialsAsync(Credentials, CancellationToken.None));

        Assert.Equal("A bug.", failure.Message);
    }

    private sealed class FixedConnector(int buckets = 0, int objects = 0) : IStorageConnector
    {
        public StorageObjectPage Page { get; } = new(
            [.. Enumerable.Range(0, objects).Select(i => new StorageObject("", $"o{i}", $"o{i}", 1, null, StorageObjectType.File))], null);

        public List<bool> RegionsAskedFor { get; } = [];

        public int Calls { get; private set; }

        public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            RegionsAskedFor.Add(request.WithRegions);
            return Task.FromResult<IReadOnlyList<StorageBucket>>([.. Enumerable.Range(0, buckets).Select(i => new StorageBucket("", $"b{i}", null, null))]);
        }

        public Task<StorageObjectPage> ListObjectsAsync(StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Page);
        }
    }

    private sealed class HangingConnector : IStorageConnector
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) => HangAsync<bool>(cancellationToken);

        public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
            HangAsync<IReadOnlyList<StorageBucket>>(cancellationToken);

        public Task<StorageObjectPage> ListObjectsAsync(StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
            HangAsync<StorageObjectPage>(cancellationToken);

        private async Task<T> HangAsync<T>(CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("Unreachable.");
        }
    }

    private sealed class BuggyConnector : IStorageConnector
    {
        public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A bug.");

        public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A bug.");

        public Task<StorageObjectPage> ListObjectsAsync(StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A bug.");
    }
}
