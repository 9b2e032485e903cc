using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Connectors.Tests.Azure;

/// <summary>The Azure Blob connector, built as the service builds it, against a real Azurite.</summary>
public sealed class AzureBlobConnectorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Validates_the_account_key_with_one_signed_read_only_call()
    {
        using var host = AzureConnectorHost.For(azurite);

        await host.Connector.ValidateCredentialsAsync(azurite.Credentials(), None);

        var request = Assert.Single(host.Requests);
        Assert.Equal("/devstoreaccount1", request.AbsolutePath.TrimEnd('/'));
        Assert.Contains("comp=list", request.Query, StringComparison.Ordinal);
        Assert.Contains("maxresults=1", request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_through_a_service_url_written_with_a_trailing_slash()
    {
        var containerName = await azurite.CreateContainerWithAsync("file.txt");
        using var host = AzureConnectorHost.For(azurite);
        var credentials = azurite.Credentials() with { ServiceUrl = new Uri(azurite.Url.AbsoluteUri.TrimEnd('/') + "/") };

        await host.Connector.ValidateCredentialsAsync(credentials, None);
        var page = await host.Connector.ListObjectsAsync(credentials, Root(containerName), None);

        Assert.Equal(["file.txt"], page.Items.Select(item => item.Path));
    }

    [Fact]
    public async Task Reports_a_wrong_account_key_as_access_denied_with_the_first_line_of_the_providers_reason()
    {
        using var host = AzureConnectorHost.For(azurite);
        var wrongKey = Convert.ToBase64String(new byte[64]);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ValidateCredentialsAsync(azurite.Credentials(accountKey: wrongKey), None));

        Assert.Equal(ProviderFailure.AccessDenied, failure.Failure);
        Assert.StartsWith("Azure denied access: AuthorizationFailure (Server failed to authenticate the request.", failure.Message);
        Assert.DoesNotContain("RequestId", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, failure.Message, StringComparison.Ordinal);
    }

    // Azure itself (unlike Azurite) says AuthenticationFailed when the key does not match the account.
    [Fact]
    public async Task Reports_azures_AuthenticationFailed_as_rejected_credentials()
    {
        await using var server = LoopbackHttpServer.Answering(LoopbackHttpServer.HttpResponse(
            403, "Server failed to authenticate the request.",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. " +
            "Make sure the value of Authorization header is formed correctly including the signature.\nRequestId:5f1c\nTime:2026-12-01T12:00:00Z</Message>" +
            "<AuthenticationErrorDetail>The MAC signature found in the HTTP request 'abc=' is not the same as any computed signature.</AuthenticationErrorDetail></Error>",
            "Content-Type: application/xml", "x-ms-error-code: AuthenticationFailed"));
        using var host = new AzureConnectorHost([server.HostAndPort]);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => host.Connector.ValidateCredentialsAsync(
            azurite.Credentials() with { ServiceUrl = new Uri(server.Url, "devstoreaccount1") }, None));

        Assert.Equal(ProviderFailure.AccessDenied, failure.Failure);
        Assert.Equal(
            "Azure rejected the credentials: AuthenticationFailed (Server failed to authenticate the request. " +
            "Make sure the value of Authorization header is formed correctly including the signature.)",
            failure.Message);
    }

    [Fact]
    public async Task Refuses_an_account_key_that_is_not_base64_as_access_denied_without_calling_azure()
    {
        using var host = AzureConnectorHost.For(azurite);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ValidateCredentialsAsync(azurite.Credentials(accountKey: "not base64!"), None));

        Assert.Equal(ProviderFailure.AccessDenied, failure.Failure);
        Assert.Contains("not base64", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64!", failure.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Reports_an_account_azurite_does_not_have_as_access_denied()
    {
        using var host = AzureConnectorHost.For(azurite);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ValidateCredentialsAsync(azurite.Credentials(accountName: "nosuchaccount"), None));

        Assert.Equal(ProviderFailure.AccessDenied, failure.Failure);
        Assert.StartsWith("Azure denied access: AuthorizationFailure (", failure.Message);
    }

    [Fact]
    public async Task Reaches_the_accounts_own_host_under_blob_core_windows_net_when_no_service_url_is_given()
    {
        var resolver = FakeHostResolver.Returning("127.0.0.1");
        using var host = new AzureConnectorHost([], resolver: resolver);

        // The guard refuses loopback, which proves the lookup happened without leaving the machine.
        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ValidateCredentialsAsync(
                new StorageCredentials(CloudProvider.Azure, ServiceUrl: null, new KeyPair("mystorage1", AzuriteFixture.AccountKey)), None));

        Assert.Equal(ProviderFailure.Blocked, failure.Failure);
        Assert.Equal(["mystorage1.blob.core.windows.net"], resolver.Hosts.Distinct());
        Assert.Equal("https://mystorage1.blob.core.windows.net/", host.Requests[0].GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task Reaches_the_configured_endpoint_when_the_account_names_none()
    {
        using var host = AzureConnectorHost.For(azurite, ("Connectors:Azure:ServiceUrl", azurite.Url.AbsoluteUri));

        await host.Connector.ValidateCredentialsAsync(azurite.Credentials() with { ServiceUrl = null }, None);

        Assert.Equal(azurite.HostAndPort, Assert.Single(host.Requests).Authority);
    }

    [Fact]
    public async Task Puts_the_account_name_into_a_configured_endpoint_that_names_the_account()
    {
        var resolver = FakeHostResolver.Returning("127.0.0.1");
        using var host = new AzureConnectorHost(
            [], new() { ["Connectors:Azure:ServiceUrl"] = "https://{account}.blob.core.usgovcloudapi.net" }, resolver);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ValidateCredentialsAsync(
                new StorageCredentials(CloudProvider.Azure, ServiceUrl: null, new KeyPair("govstorage", AzuriteFixture.AccountKey)), None));

        Assert.Equal(ProviderFailure.Blocked, failure.Failure);
        Assert.Equal(["govstorage.blob.core.usgovcloudapi.net"], resolver.Hosts.Distinct());
    }

    [Fact]
    public async Task Refuses_an_account_name_azure_would_not_allow_before_putting_it_in_a_configured_endpoint()
    {
        using var host = new AzureConnectorHost(
            [], new() { ["Connectors:Azure:ServiceUrl"] = "https://{account}.blob.core.usgovcloudapi.net" }, FakeHostResolver.NeverCalled());

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ValidateCredentialsAsync(
                new StorageCredentials(CloudProvider.Azure, ServiceUrl: null, new KeyPair("evil.example.com/", AzuriteFixture.AccountKey)), None));

        Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Reports_an_endpoint_that_never_answers_as_timed_out_at_the_configured_limit()
    {
        await using var server = LoopbackHttpServer.NeverAnswering();
        using var host = new AzureConnectorHost(
            [server.HostAndPort], new() { ["Connectors:TimeoutSeconds"] = "1", ["Connectors:MaxRetries"] = "0" });

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => host.Connector.ValidateCredentialsAsync(
            azurite.Credentials() with { ServiceUrl = new Uri(server.Url, "devstoreaccount1") }, None));

        Assert.Equal(ProviderFailure.TimedOut, failure.Failure);
        Assert.Equal("Azure did not answer within the 1-second limit.", failure.Message);
    }

    [Theory]
    [InlineData("evil.example.com#")]
    [InlineData("Upper")]
    [InlineData("ab")]
    [InlineData("twentyfivecharacterslong1")]
    [InlineData("with-hyphen")]
    public async Task Refuses_an_account_name_azure_would_not_allow_before_putting_it_in_a_host_name(string accountName)
    {
        var resolver = FakeHostResolver.NeverCalled();
        using var host = new AzureConnectorHost([], resolver: resolver);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ValidateCredentialsAsync(
                new StorageCredentials(CloudProvider.Azure, ServiceUrl: null, new KeyPair(accountName, AzuriteFixture.AccountKey)), None));

        Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
        Assert.Contains("3 to 24 lowercase letters and digits", failure.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task Lists_containers_as_buckets_by_name_with_their_last_modified_time_and_no_region()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var containerName = await azurite.CreateContainerAsync("list");
        using var host = AzureConnectorHost.For(azurite);

        var buckets = await host.Connector.ListBucketsAsync(azurite.Credentials(), new BucketListRequest(WithRegions: true), None);

        var bucket = Assert.Single(buckets, b => b.Name == containerName);
        Assert.Equal("", bucket.Id);
        Assert.Null(bucket.Region);
        Assert.Equal(TimeSpan.Zero, bucket.CreationDate!.Value.Offset);
        Assert.InRange(bucket.CreationDate.Value, before, DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Refuses_an_account_with_more_containers_than_configured()
    {
        await azurite.CreateContainerAsync("many");
        await azurite.CreateContainerAsync("many");
        using var host = AzureConnectorHost.For(azurite, ("Connectors:MaxBuckets", "1"));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ListBucketsAsync(azurite.Credentials(), new BucketListRequest(), None));

        Assert.Equal(ProviderFailure.Oversized, failure.Failure);
        Assert.Equal("Azure has more than 1 buckets, more than this service lists.", failure.Message);
    }

    [Fact]
    public async Task Stops_following_container_pages_at_the_configured_page_limit()
    {
        // A service that hands out a new marker with every page of one container would otherwise be followed forever.
        var pages = 0;
        await using var server = LoopbackHttpServer.Streaming(_ => StreamedResponse.Of(LoopbackHttpServer.HttpResponse(
            200,
            "OK",
            $"<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Containers><Container><Name>c{Interlocked.Increment(ref pages)}</Name>" +
            "<Properties><Last-Modified>Tue, 01 Dec 2026 12:00:00 GMT</Last-Modified></Properties></Container></Containers>" +
            $"<NextMarker>marker-{pages}</NextMarker></EnumerationResults>",
            "Content-Type: application/xml")));
        using var host = new AzureConnectorHost([server.HostAndPort], new() { ["Connectors:MaxPagesPerRequest"] = "3" });

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => host.Connector.ListBucketsAsync(
            azurite.Credentials() with { ServiceUrl = new Uri(server.Url, "devstoreaccount1") }, new BucketListRequest(), None));

        Assert.Equal(ProviderFailure.Oversized, failure.Failure);
        Assert.Equal("Azure answered with more than 3 pages of containers, more than this service follows.", failure.Message);
        Assert.Equal(3, host.Requests.Count);
        Assert.Contains("marker=marker-2", host.Requests[2].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_a_missing_container_as_not_found()
    {
        using var host = AzureConnectorHost.For(azurite);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ListObjectsAsync(azurite.Credentials(), Root($"missing-{Guid.NewGuid():N}"), None));

        Assert.Equal(ProviderFailure.NotFound, failure.Failure);
        Assert.Equal("Azure could not find the bucket or folder: ContainerNotFound (The specified container does not exist.)", failure.Message);
    }

    [Theory]
    [InlineData("Upper_Case", "InvalidResourceName (The specified resource name contains invalid characters.)")]
    [InlineData("ab", "OutOfRangeInput (The specified resource name length is not within the permissible limits.)")]
    public async Task Reports_a_container_name_azure_does_not_allow_with_the_providers_reason(string containerName, string reason)
    {
        using var host = AzureConnectorHost.For(azurite);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ListObjectsAsync(azurite.Credentials(), Root(containerName), None));

        Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
        Assert.Equal($"Azure rejected the request: {reason}", failure.Message);
    }

    [Fact]
    public async Task Lists_directories_first_then_files_with_sizes_and_times_and_skips_the_folder_marker()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var containerName = await azurite.CreateContainerWithAsync(
            "photos/", "photos/b.jpg", "photos/a.jpg", "photos/2025/y.jpg", "photos/2024/x.jpg", "photos/2024/z/deep.jpg", "top.txt");
        using var host = AzureConnectorHost.For(azurite);

        var page = await host.Connector.ListObjectsAsync(azurite.Credentials(), In(containerName, "photos/"), None);

        Assert.Equal(
            [
                ("2024", "photos/2024/", StorageObjectType.Directory, 0L),
                ("2025", "photos/2025/", StorageObjectType.Directory, 0L),
                ("a.jpg", "photos/a.jpg", StorageObjectType.File, AzuriteFixture.SizeOf("photos/a.jpg")),
                ("b.jpg", "photos/b.jpg", StorageObjectType.File, AzuriteFixture.SizeOf("photos/b.jpg")),
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
    public async Task Lists_the_container_root()
    {
        var containerName = await azurite.CreateContainerWithAsync("photos/a.jpg", "top.txt");
        using var host = AzureConnectorHost.For(azurite);

        var page = await host.Connector.ListObjectsAsync(azurite.Credentials(), Root(containerName), None);

        Assert.Equal(
            [("photos", "photos/", StorageObjectType.Directory), ("top.txt", "top.txt", StorageObjectType.File)],
            page.Items.Select(item => (item.Name, item.Path, item.Type)));
    }

    [Fact]
    public async Task Lists_an_empty_container_as_an_empty_page()
    {
        var containerName = await azurite.CreateContainerAsync();
        using var host = AzureConnectorHost.For(azurite);

        var page = await host.Connector.ListObjectsAsync(azurite.Credentials(), Root(containerName), None);

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Lists_blob_names_with_unicode_and_spaces_exactly_and_as_folders_by_their_path()
    {
        var containerName = await azurite.CreateContainerWithAsync("résumé 2026/über file.txt", "日本語/ファイル.txt", "a b/c d.txt");
        using var host = AzureConnectorHost.For(azurite);

        var root = await host.Connector.ListObjectsAsync(azurite.Credentials(), Root(containerName), None);
        var resume = await host.Connector.ListObjectsAsync(azurite.Credentials(), In(containerName, "résumé 2026/"), None);
        var japanese = await host.Connector.ListObjectsAsync(azurite.Credentials(), In(containerName, "日本語/"), None);
        var spaced = await host.Connector.ListObjectsAsync(azurite.Credentials(), In(containerName, "a b/"), None);

        Assert.Equal(
            [("a b", "a b/"), ("résumé 2026", "résumé 2026/"), ("日本語", "日本語/")],
            root.Items.Select(item => (item.Name, item.Path)));
        Assert.Equal(("über file.txt", "résumé 2026/über file.txt", AzuriteFixture.SizeOf("résumé 2026/über file.txt")),
            Only(resume));
        Assert.Equal(("ファイル.txt", "日本語/ファイル.txt", AzuriteFixture.SizeOf("日本語/ファイル.txt")), Only(japanese));
        Assert.Equal(("c d.txt", "a b/c d.txt", AzuriteFixture.SizeOf("a b/c d.txt")), Only(spaced));

        static (string, string, long) Only(StorageObjectPage page)
        {
            var item = Assert.Single(page.Items);
            Assert.Equal(StorageObjectType.File, item.Type);
            return (item.Name, item.Path, item.Size);
        }
    }

    [Fact]
    public async Task Pages_with_the_services_continuation_token_one_call_per_page_losing_and_repeating_nothing()
    {
        string[] names = [.. Enumerable.Range(0, 7).Select(i => $"paged/file-{i}.txt")];
        var containerName = await azurite.CreateContainerWithAsync(names);
        using var host = AzureConnectorHost.For(azurite);

        var pages = new List<StorageObjectPage>();
        string? cursor = null;
        do
        {
            var page = await host.Connector.ListObjectsAsync(
                azurite.Credentials(), new ObjectListRequest(new ListingTarget.InBucket(containerName, "paged/"), 3, cursor), None);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        Assert.Equal([3, 3, 1], pages.Select(page => page.Items.Count));
        Assert.Equal(names, pages.SelectMany(page => page.Items).Select(item => item.Path));
        Assert.Equal(3, host.Requests.Count);
        Assert.All(host.Requests, request => Assert.Contains("maxresults=3", request.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reports_a_folder_with_nothing_in_it_as_not_found()
    {
        var containerName = await azurite.CreateContainerWithAsync("real/file.txt", "realm.txt");
        using var host = AzureConnectorHost.For(azurite);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => host.Connector.ListObjectsAsync(azurite.Credentials(), In(containerName, "real-not/"), None));

        Assert.Equal(ProviderFailure.NotFound, failure.Failure);
        Assert.Equal("Azure has no folder 'real-not/' in this bucket.", failure.Message);
    }

    [Fact]
    public async Task Lists_a_folder_that_holds_only_its_marker_as_empty()
    {
        var containerName = await azurite.CreateContainerWithAsync("empty/");
        using var host = AzureConnectorHost.For(azurite);

        var page = await host.Connector.ListObjectsAsync(azurite.Credentials(), In(containerName, "empty/"), None);

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Refuses_to_list_by_id_which_azure_never_hands_out()
    {
        using var host = AzureConnectorHost.For(azurite);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Connector.ListObjectsAsync(
            azurite.Credentials(), new ObjectListRequest(new ListingTarget.ById("x", ""), 10, null), None));
    }

    [Fact]
    public async Task Reports_a_server_that_answers_with_something_other_than_azure_xml_as_unavailable()
    {
        await using var server = LoopbackHttpServer.Answering(
            LoopbackHttpServer.HttpResponse(200, "OK", "{\"not\": \"xml\"}", "Content-Type: application/json"));
        using var host = new AzureConnectorHost([server.HostAndPort]);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => host.Connector.ListObjectsAsync(
            azurite.Credentials() with { ServiceUrl = new Uri(server.Url, "devstoreaccount1") }, Root("container"), None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.StartsWith("Azure answered with something that could not be read: ", failure.Message);
    }

    [Fact]
    public async Task Passes_on_the_services_retry_after_when_it_keeps_throttling()
    {
        await using var server = LoopbackHttpServer.Answering(LoopbackHttpServer.HttpResponse(
            503, "Service Unavailable",
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>The server is busy.\nRequestId:1\nTime:now</Message></Error>",
            "Content-Type: application/xml", "x-ms-error-code: ServerBusy", "Retry-After: 7"));
        using var host = new AzureConnectorHost([server.HostAndPort], new() { ["Connectors:MaxRetries"] = "0" });

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => host.Connector.ListObjectsAsync(
            azurite.Credentials() with { ServiceUrl = new Uri(server.Url, "devstoreaccount1") }, Root("container"), None));

        Assert.Equal(ProviderFailure.Throttled, failure.Failure);
        Assert.Equal("Azure is throttling requests: ServerBusy (The server is busy.)", failure.Message);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        Assert.Single(host.Requests);
    }

    private static ObjectListRequest Root(string containerName) => In(containerName, "");

    private static ObjectListRequest In(string containerName, string folderPath) =>
        new(new ListingTarget.InBucket(containerName, folderPath), 1000, null);
}
