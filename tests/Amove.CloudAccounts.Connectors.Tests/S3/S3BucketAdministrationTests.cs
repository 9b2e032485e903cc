using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Tests.Support;

namespace Amove.CloudAccounts.Connectors.Tests.S3;

/// <summary>The S3 connector's bucket administration (for Amove-hosted storage) against a real s3rver.</summary>
public sealed class S3BucketAdministrationTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private IBucketAdministration Buckets() => (IBucketAdministration)s3rver.Connector().For(CloudProvider.S3Generic);

    [Fact]
    public async Task Creates_a_bucket_that_is_then_listed_and_deletes_it_again()
    {
        var bucketName = $"made-{Guid.NewGuid():N}";
        var connector = s3rver.Connector();
        var buckets = (IBucketAdministration)connector.For(CloudProvider.S3Generic);

        await buckets.CreateBucketAsync(s3rver.Credentials(), bucketName, None);
        var listed = await connector.ListBucketsAsync(s3rver.Credentials(), Requests.Buckets, None);
        await buckets.DeleteBucketAsync(s3rver.Credentials(), bucketName, None);
        var afterDelete = await connector.ListBucketsAsync(s3rver.Credentials(), Requests.Buckets, None);

        Assert.Contains(listed, b => b.Name == bucketName);
        Assert.DoesNotContain(afterDelete, b => b.Name == bucketName);
    }

    [Fact]
    public async Task Refuses_a_name_that_is_taken_with_the_providers_reason()
    {
        var taken = await s3rver.CreateBucketAsync();

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => Buckets().CreateBucketAsync(s3rver.Credentials(), taken, None));

        Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
        Assert.StartsWith("S3Generic rejected the request: BucketAlreadyExists", failure.Message);
    }

    [Fact]
    public async Task Does_not_delete_a_bucket_with_objects_in_it()
    {
        var full = await s3rver.CreateBucketAsync("kept.txt");

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => Buckets().DeleteBucketAsync(s3rver.Credentials(), full, None));

        Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
        Assert.StartsWith("S3Generic rejected the request: BucketNotEmpty", failure.Message);
    }

    [Fact]
    public async Task Deleting_a_bucket_that_does_not_exist_is_not_found()
    {
        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => Buckets().DeleteBucketAsync(s3rver.Credentials(), $"missing-{Guid.NewGuid():N}", None));

        Assert.Equal(ProviderFailure.NotFound, failure.Failure);
        Assert.Contains("NoSuchBucket", failure.Message);
    }

    [Fact]
    public async Task Measures_a_bucket_as_the_sum_of_all_its_objects_sizes_in_every_folder()
    {
        // Each object's body is its key: 5 + 12 + 17 bytes.
        var bucketName = await s3rver.CreateBucketAsync("a.txt", "photos/b.jpg", "photos/2024/c.jpg");

        var bytes = await Buckets().MeasureBucketAsync(s3rver.Credentials(), bucketName, None);

        Assert.Equal(5 + 12 + 17, bytes);
    }

    [Fact]
    public async Task Measures_an_empty_bucket_as_zero()
    {
        var bucketName = await s3rver.CreateBucketAsync();

        Assert.Equal(0, await Buckets().MeasureBucketAsync(s3rver.Credentials(), bucketName, None));
    }
}
