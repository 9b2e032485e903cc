using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Platform;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Connectors.Tests.Platform;

/// <summary>Bucket administration goes through the platform like browsing: refused where a connector lacks it, bounded where it has it.</summary>
public sealed class BucketAdministrationTests
{
    private static readonly StorageCredentials Credentials = Requests.Keys(CloudProvider.S3Generic, "key", "secret", serviceUrl: null);

    private static readonly ProviderDescription Generic = new()
    {
        Provider = CloudProvider.S3Generic,
        DisplayName = "S3-compatible storage",
        Credentials = CredentialKind.KeyPair,
        ServiceUrl = ServiceUrlRule.Required,
        Addressing = ObjectAddressing.ByPath,
        HasRegions = true,
    };

    private static BoundedStorageConnector Bounded(IStorageConnector inner, TimeProvider? clock = null) =>
        new(inner, Generic, Options.Create(new ConnectorsOptions { TimeoutSeconds = 5 }), clock ?? TimeProvider.System);

    [Fact]
    public async Task A_connector_that_does_not_administer_buckets_is_refused_with_a_reason()
    {
        var connector = Bounded(new BrowseOnlyConnector());

        var create = await Assert.ThrowsAsync<StorageProviderException>(() => connector.CreateBucketAsync(Credentials, "bucket", CancellationToken.None));
        var delete = await Assert.ThrowsAsync<StorageProviderException>(() => connector.DeleteBucketAsync(Credentials, "bucket", CancellationToken.None));
        var measure = await Assert.ThrowsAsync<StorageProviderException>(() => connector.MeasureBucketAsync(Credentials, "bucket", CancellationToken.None));

        Assert.All([create, delete, measure], failure =>
        {
            Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
            Assert.Equal("S3-compatible storage buckets are not administered by this service.", failure.Message);
        });
    }

    [Fact]
    public async Task Administration_passes_through_to_the_connector_and_back()
    {
        var inner = new AdministeringConnector();
        var connector = Bounded(inner);

        await connector.CreateBucketAsync(Credentials, "made", CancellationToken.None);
        await connector.DeleteBucketAsync(Credentials, "gone", CancellationToken.None);
        var bytes = await connector.MeasureBucketAsync(Credentials, "measured", CancellationToken.None);

        Assert.Equal(["create made", "delete gone", "measure measured"], inner.Calls);
        Assert.Equal(42, bytes);
    }

    [Fact]
    public async Task A_bucket_operation_ends_at_the_platforms_deadline()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var inner = new AdministeringConnector { Hangs = true };

        var call = Bounded(inner, clock).CreateBucketAsync(Credentials, "slow", CancellationToken.None);
        await inner.Started.Task;
        clock.Advance(TimeSpan.FromSeconds(5));
        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => call);

        Assert.Equal(ProviderFailure.TimedOut, failure.Failure);
        Assert.Equal("S3Generic did not answer within the 5-second limit.", failure.Message);
    }

    private class BrowseOnlyConnector : IStorageConnector
    {
        public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StorageBucket>>([]);

        public Task<StorageObjectPage> ListObjectsAsync(StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new StorageObjectPage([], null));
    }

    private sealed class AdministeringConnector : BrowseOnlyConnector, IBucketAdministration
    {
        public List<string> Calls { get; } = [];

        public bool Hangs { get; init; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task CreateBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken) =>
            RecordAsync($"create {bucketName}", cancellationToken);

        public Task DeleteBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken) =>
            RecordAsync($"delete {bucketName}", cancellationToken);

        public async Task<long> MeasureBucketAsync(StorageCredentials credentials, string bucketName, CancellationToken cancellationToken)
        {
            await RecordAsync($"measure {bucketName}", cancellationToken);
            return 42;
        }

        private async Task RecordAsync(string call, CancellationToken cancellationToken)
        {
            Calls.Add(call);
            Started.TrySetResult();
            if (Hangs)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        }
    }
}
