using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Connectors.Tests.S3;

/// <summary>The S3-family connector against a real s3rver.</summary>
public sealed class S3ConnectorTests(S3rverFixture s3rver) : IClassFixture<S3rverFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Validates_credentials_with_one_signed_read_only_call()
    {
        HttpRequestHead? seen = null;
        await using var server = LoopbackHttpServer.Streaming(request =>
        {
            seen = request;
            return StreamedResponse.Of(S3Xml.Ok(S3Xml.BucketList([])));
        });
        var connector = PlatformConnectors.Build(allowedHosts: [server.HostAndPort]);

        await connector.ValidateCredentialsAsync(s3rver.Credentials() with { ServiceUrl = server.Url }, None);

        Assert.Equal(1, server.Requests);
        Assert.StartsWith("GET / HTTP/1.1", seen!.RequestLine);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={S3rverFixture.AccessKey}/", seen.Header("Authorization"));
    }

    [Fact]
    public async Task Reports_an_unknown_access_key_id_as_access_denied_with_the_providers_reason()
    {
        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => s3rver.Connector().ValidateCredentialsAsync(s3rver.Credentials(accessKey: "NOT-A-KEY"), None));

        Assert.Equal(ProviderFailure.AccessDenied, failure.Failure);
        Assert.StartsWith("S3Generic rejected the credentials: InvalidAccessKeyId (", failure.Message);
    }

    [Fact]
    public async Task Lists_buckets_by_name_with_their_creation_date_and_no_region_lookup()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        var bucketName = await s3rver.CreateBucketAsync();
        using var requests = new HttpRequestLog();

        var buckets = await s3rver.Connector().ListBucketsAsync(s3rver.Credentials(), Requests.Buckets, None);

        var bucket = Assert.Single(buckets, b => b.Name == bucketName);
        Assert.Equal("", bucket.Id);
        Assert.Null(bucket.Region);
        Assert.NotNull(bucket.CreationDate);
        Assert.Equal(TimeSpan.Zero, bucket.CreationDate.Value.Offset);
        Assert.InRange(bucket.CreationDate.Value, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Empty(requests.To(bucketName));
    }

    // s3rver implements GetBucketLocation with an empty LocationConstraint, which is how S3 reports us-east-1.
    [Fact]
    public async Task Lists_buckets_with_their_region_when_asked()
    {
        var bucketName = await s3rver.CreateBucketAsync();
        using var requests = new HttpRequestLog();

        var buckets = await s3rver.Connector().ListBucketsAsync(s3rver.Credentials(), Requests.BucketsWithRegions, None);

        Assert.Equal("us-east-1", Assert.Single(buckets, b => b.Name == bucketName).Region);
        Assert.Equal([$"/{bucketName}/?location"], requests.To(bucketName));
    }

    [Fact]
    public async Task Lists_directories_first_then_files_and_skips_the_folder_marker()
    {
        var bucketName = await s3rver.CreateBucketAsync(
            "photos/", "photos/b.jpg", "photos/a.jpg", "photos/2025/y.jpg", "photos/2024/x.jpg", "photos/2024/z/deep.jpg", "top.txt");
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var page = await s3rver.Connector().ListObjectsAsync(
            s3rver.Credentials(), Requests.Folder(bucketName, "photos/", 1000, null), None);

        Assert.Equal(
            [
                ("2024", "photos/2024/", StorageObjectType.Directory, 0L),
                ("2025", "photos/2025/", StorageObjectType.Directory, 0L),
                ("a.jpg", "photos/a.jpg", StorageObjectType.File, "photos/a.jpg".Length),
                ("b.jpg", "photos/b.jpg", StorageObjectType.File, "photos/b.jpg".Length),
            ],
            page.Items.Select(item => (item.Name, item.Path, item.Type, item.Size)));
        Assert.All(page.Items, item => Assert.Equal("", item.Id));
        Assert.All(page.Items.Where(item => item.Type == StorageObjectType.Directory), item => Assert.Null(item.LastModifiedUtc));
        Assert.All(page.Items.Where(item => item.Type == StorageObjectType.File), item =>
        {
            Assert.Equal(TimeSpan.Zero, item.LastModifiedUtc!.Value.Offset);
            Assert.InRange(item.LastModifiedUtc.Value, before, DateTimeOffset.UtcNow.AddMinutes(1));
        });
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Lists_the_bucket_root_with_an_empty_prefix()
    {
        var bucketName = await s3rver.CreateBucketAsync("photos/a.jpg", "top.txt");

        var page = await s3rver.Connector().ListObjectsAsync(
            s3rver.Credentials(), Requests.Folder(bucketName, "", 1000, null), None);

        Assert.Equal(
            [("photos", "photos/", StorageObjectType.Directory), ("top.txt", "top.txt", StorageObjectType.File)],
            page.Items.Select(item => (item.Name, item.Path, item.Type)));
    }

    [Fact]
    public async Task Pages_through_thousands_of_objects_with_one_list_call_per_page_losing_and_repeating_nothing()
    {
        string[] keys = [.. Enumerable.Range(0, 2_503).Select(i => $"many/object-{i:D5}.bin")];
        var bucketName = await s3rver.CreateBucketAsync(keys);
        var connector = s3rver.Connector();
        using var requests = new HttpRequestLog();

        var pages = await ListAllPagesAsync(connector, s3rver.Credentials(), bucketName, "many/", maxCount: 1000);

        Assert.Equal([1000, 1000, 503], pages.Select(page => page.Items.Count));
        Assert.Equal(keys, pages.SelectMany(page => page.Items).Select(item => item.Path));
        Assert.Equal(3, requests.To(bucketName).Count);
        Assert.All(requests.To(bucketName), request => Assert.Contains("list-type=2", request));
    }

    [Fact]
    public async Task Google_pages_with_ListObjects_V1_markers()
    {
        string[] keys = [.. Enumerable.Range(0, 1_203).Select(i => $"gcs/object-{i:D5}.bin")];
        var bucketName = await s3rver.CreateBucketAsync(keys);
        var connector = s3rver.Connector(new() { ["Connectors:Google:ServiceUrl"] = s3rver.ServiceUrl.AbsoluteUri });
        var credentials = s3rver.Credentials(CloudProvider.Google) with { ServiceUrl = null };
        using var requests = new HttpRequestLog();

        var pages = await ListAllPagesAsync(connector, credentials, bucketName, "gcs/", maxCount: 500);

        Assert.Equal([500, 500, 203], pages.Select(page => page.Items.Count));
        Assert.Equal(keys, pages.SelectMany(page => page.Items).Select(item => item.Path));
        var listCalls = requests.To(bucketName);
        Assert.Equal(3, listCalls.Count);
        Assert.All(listCalls, request => Assert.DoesNotContain("list-type=2", request));
        Assert.All(listCalls.Skip(1), request => Assert.Contains("marker=", request));
    }

    [Fact]
    public async Task AWS_reaches_the_configured_service_url_when_the_account_has_none()
    {
        var bucketName = await s3rver.CreateBucketAsync("a.txt");
        var connector = s3rver.Connector(new() { ["Connectors:Aws:ServiceUrl"] = s3rver.ServiceUrl.AbsoluteUri });
        var credentials = s3rver.Credentials(CloudProvider.AWS) with { ServiceUrl = null };

        var page = await connector.ListObjectsAsync(credentials, Requests.Folder(bucketName, "", 10, null), None);

        Assert.Equal("a.txt", Assert.Single(page.Items).Path);
    }

    [Fact]
    public async Task The_accounts_service_url_wins_over_the_configured_one()
    {
        await using var accounts = LoopbackHttpServer.Answering(S3Xml.Ok(S3Xml.BucketList(["the-accounts-bucket"])));
        await using var configured = LoopbackHttpServer.Answering(S3Xml.Ok(S3Xml.BucketList(["the-configured-bucket"])));
        var connector = PlatformConnectors.Build(
            allowedHosts: [accounts.HostAndPort, configured.HostAndPort],
            settings: new() { ["Connectors:S3Generic:ServiceUrl"] = configured.Url.AbsoluteUri });
        var credentials = s3rver.Credentials() with { ServiceUrl = accounts.Url };

        var buckets = await connector.ListBucketsAsync(credentials, Requests.Buckets, None);

        Assert.Equal("the-accounts-bucket", Assert.Single(buckets).Name);
        Assert.Equal(0, configured.Connections);
    }

    [Fact]
    public async Task Reports_a_missing_bucket_as_not_found()
    {
        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => s3rver.Connector().ListObjectsAsync(
            s3rver.Credentials(), Requests.Folder($"amove-missing-{Guid.NewGuid():N}", "", 10), None));

        Assert.Equal(ProviderFailure.NotFound, failure.Failure);
        Assert.StartsWith("S3Generic could not find the bucket or folder: NoSuchBucket (", failure.Message);
    }

    [Fact]
    public async Task Refuses_to_reach_the_server_when_loopback_is_not_allow_listed()
    {
        var connector = PlatformConnectors.Build();

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => connector.ValidateCredentialsAsync(s3rver.Credentials(), None));

        Assert.Equal(ProviderFailure.Blocked, failure.Failure);
        Assert.Contains("is not allowed", failure.Message);
    }

    private static async Task<List<StorageObjectPage>> ListAllPagesAsync(
        IStorageConnector connector, StorageCredentials credentials, string bucketName, string prefix, int maxCount)
    {
        var pages = new List<StorageObjectPage>();
        string? cursor = null;
        do
        {
            var page = await connector.ListObjectsAsync(credentials, Requests.Folder(bucketName, prefix, maxCount, cursor), None);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        return pages;
    }
}
