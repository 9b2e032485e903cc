using System.Globalization;
using System.Net;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Connectors.Tests.S3;

/// <summary>How the connector reports provider failures, against loopback servers that misbehave on purpose.</summary>
public sealed class S3FailuresTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(403, "SignatureDoesNotMatch", ProviderFailure.AccessDenied, "S3Generic rejected the credentials: SignatureDoesNotMatch (")]
    [InlineData(403, "AuthenticationLockout", ProviderFailure.AccessDenied, "S3Generic rejected the credentials: AuthenticationLockout (")]
    [InlineData(400, "ExpiredToken", ProviderFailure.AccessDenied, "S3Generic rejected the credentials: ExpiredToken (")]
    [InlineData(403, "AccessDenied", ProviderFailure.AccessDenied, "S3Generic denied access: AccessDenied (")]
    [InlineData(404, "NoSuchBucket", ProviderFailure.NotFound, "S3Generic could not find the bucket or folder: NoSuchBucket (")]
    [InlineData(400, "InvalidBucketName", ProviderFailure.InvalidRequest, "S3Generic rejected the request: InvalidBucketName (")]
    [InlineData(301, "PermanentRedirect", ProviderFailure.InvalidRequest, "S3Generic answered with a redirect, which is not followed")]
    [InlineData(429, "TooManyRequests", ProviderFailure.Throttled, "S3Generic is throttling requests: TooManyRequests (")]
    [InlineData(503, "SlowDown", ProviderFailure.Throttled, "S3Generic is throttling requests: SlowDown (")]
    [InlineData(500, "InternalError", ProviderFailure.Unavailable, "S3Generic failed with a server error: InternalError (")]
    public async Task Reports_a_provider_error_as_the_failure_a_client_can_act_on(
        int status, string code, ProviderFailure expected, string messageStart)
    {
        await using var server = LoopbackHttpServer.Answering(ErrorResponse(status, code));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => ListObjectsAsync(ConnectorFor(server), server));

        Assert.Equal(expected, failure.Failure);
        Assert.StartsWith(messageStart, failure.Message);
    }

    [Fact]
    public async Task Reports_an_unreadable_answer_as_unavailable()
    {
        await using var server = LoopbackHttpServer.Answering(
            LoopbackHttpServer.HttpResponse(200, "OK", "<ListBucketResult><Name>bucket</Name><Contents><Key>a", "Content-Type: application/xml"));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => ListObjectsAsync(ConnectorFor(server), server));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.StartsWith("S3Generic answered with something that could not be read", failure.Message);
    }

    [Fact]
    public async Task Passes_on_the_providers_Retry_After_when_throttled()
    {
        await using var server = LoopbackHttpServer.Answering(ErrorResponse(503, "SlowDown", "Retry-After: 7"));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => ListObjectsAsync(ConnectorFor(server), server));

        Assert.Equal(ProviderFailure.Throttled, failure.Failure);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
    }

    [Fact]
    public async Task Does_not_follow_a_redirect_even_to_an_allowed_server()
    {
        await using var target = LoopbackHttpServer.Answering(LoopbackHttpServer.HttpResponse(200, "OK"));
        await using var server = LoopbackHttpServer.Answering(
            ErrorResponse(307, "TemporaryRedirect", $"Location: {target.Url}bucket/"));
        var connector = ConnectorFor(server, allowAlso: target.HostAndPort);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => ListObjectsAsync(connector, server));

        Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
        Assert.Equal(0, target.Connections);
    }

    [Fact]
    public async Task Reports_an_allowed_port_nobody_listens_on_as_unavailable()
    {
        var serviceUrl = new Uri($"http://127.0.0.1:{LoopbackHttpServer.UnusedPort()}/");
        var connector = Connector(serviceUrl.Authority);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => connector.ValidateCredentialsAsync(Credentials(serviceUrl), None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.Equal("S3Generic could not be reached.", failure.Message);
    }

    [Fact]
    public async Task Reports_a_server_that_never_answers_as_timed_out_once_the_timeout_has_passed()
    {
        await using var server = LoopbackHttpServer.NeverAnswering();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var connector = PlatformConnectors.Build(
            allowedHosts: [server.HostAndPort], settings: new() { ["Connectors:TimeoutSeconds"] = "1" }, clock: clock);

        var call = connector.ValidateCredentialsAsync(Credentials(server.Url), None);
        await server.WaitUntilAsync(s => s.Requests == 1, "the request");
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(call.IsCompleted, "The call ended before its timeout.");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => call);

        Assert.Equal(ProviderFailure.TimedOut, failure.Failure);
        Assert.Equal("S3Generic did not answer within the 1-second limit.", failure.Message);
        await server.WaitUntilAsync(s => s.Abandoned == 1, "the connection dropped");
    }

    [Fact]
    public async Task Reports_an_answer_over_MaxResponseBytes_as_oversized_without_asking_again()
    {
        await using var server = LoopbackHttpServer.Streaming(_ => StreamedResponse.RepeatedXml(
            S3Xml.BucketListOpening, S3Xml.Bucket("b"), S3Xml.BucketListClosing(), totalBytes: 10L * 1024 * 1024, declareLength: false));
        var connector = PlatformConnectors.Build(
            allowedHosts: [server.HostAndPort], settings: new() { ["Connectors:MaxResponseBytes"] = (64 * 1024).ToString(CultureInfo.InvariantCulture) });

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => connector.ValidateCredentialsAsync(Credentials(server.Url), None));

        Assert.Equal(ProviderFailure.Oversized, failure.Failure);
        Assert.Equal("S3Generic answered with more than 65536 bytes, more than this service reads from a provider.", failure.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Reports_a_provider_error_without_the_access_key_or_the_signature_it_echoes()
    {
        await using var server = LoopbackHttpServer.Streaming(request => StreamedResponse.Of(LoopbackHttpServer.S3ErrorResponse(
            403, "Forbidden", "AccessDenied", $"Denied for {request.Header("Authorization")}")));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => ListObjectsAsync(ConnectorFor(server), server));

        Assert.Equal("S3Generic denied access: AccessDenied (Denied for [redacted])", failure.Message);
    }

    [Fact]
    public async Task Lets_the_callers_cancellation_surface_as_OperationCanceledException()
    {
        await using var server = LoopbackHttpServer.NeverAnswering();
        var connector = ConnectorFor(server);
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => connector.ValidateCredentialsAsync(Credentials(server.Url), caller.Token));
    }

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("10.0.0.1")]
    public async Task Reports_a_service_url_resolving_to_a_blocked_address_as_blocked(string address)
    {
        var resolver = FakeHostResolver.Returning(address);
        var connector = PlatformConnectors.Build(resolver);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(
            () => connector.ValidateCredentialsAsync(Credentials(new Uri("https://s3.attacker.example/")), None));

        Assert.Equal(ProviderFailure.Blocked, failure.Failure);
        Assert.Equal(
            "The address of 's3.attacker.example' is not allowed: it is not globally reachable (loopback, link-local, private, multicast and other special-purpose addresses are blocked).",
            failure.Message);
        Assert.IsType<OutboundBlockedException>(failure.InnerException?.InnerException);
    }

    // The fake resolver answers with a blocked address, so nothing leaves the machine; the lookup shows where the call went.
    [Theory]
    [InlineData(CloudProvider.AWS, "s3.us-east-1.amazonaws.com")]
    [InlineData(CloudProvider.Wasabi, "s3.wasabisys.com")]
    [InlineData(CloudProvider.Google, "storage.googleapis.com")]
    public async Task Goes_to_the_providers_default_endpoint_when_neither_account_nor_configuration_names_one(
        CloudProvider provider, string expectedHost)
    {
        var lookedUp = new List<string>();
        var resolver = new FakeHostResolver((host, _) =>
        {
            lock (lookedUp)
            {
                lookedUp.Add(host);
            }

            return [IPAddress.Parse("10.0.0.1")];
        });
        var connector = PlatformConnectors.Build(resolver);
        var credentials = Requests.Keys(provider, "AKIDEXAMPLE", "secret", serviceUrl: null);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => connector.ValidateCredentialsAsync(credentials, None));

        Assert.Equal(ProviderFailure.Blocked, failure.Failure);
        Assert.Equal(expectedHost, Assert.Single(lookedUp.Distinct()));
    }

    [Theory]
    [InlineData(CloudProvider.S3Generic, true, "S3Generic needs a service URL.")]
    [InlineData(CloudProvider.Cloudflare, true, "Cloudflare needs a service URL.")]
    [InlineData(CloudProvider.Wasabi, false, "Wasabi needs an access key and a secret key.")]
    public async Task Refuses_an_account_it_cannot_address_without_calling_anyone(
        CloudProvider provider, bool withKeys, string expectedMessage)
    {
        var connector = PlatformConnectors.Build();
        var credentials = new StorageCredentials(provider, ServiceUrl: null, withKeys ? new KeyPair("AKIDEXAMPLE", "secret") : null);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => connector.ValidateCredentialsAsync(credentials, None));

        Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
        Assert.Equal(expectedMessage, failure.Message);
    }

    [Fact]
    public async Task Keeps_listing_buckets_when_a_buckets_region_is_denied_or_the_bucket_is_gone()
    {
        await using var server = LoopbackHttpServer.Answering(requestLine => requestLine switch
        {
            _ when requestLine.StartsWith("GET /secret/?location", StringComparison.Ordinal) => ErrorResponse(403, "AccessDenied"),
            _ when requestLine.StartsWith("GET /gone/?location", StringComparison.Ordinal) => ErrorResponse(404, "NoSuchBucket"),
            _ when requestLine.StartsWith("GET /open/?location", StringComparison.Ordinal) => XmlResponse(
                """<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">EU</LocationConstraint>"""),
            _ => XmlResponse(
                """
                <ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Owner><ID>1</ID></Owner>
                  <Buckets>
                    <Bucket><Name>open</Name><CreationDate>2026-01-02T03:04:05.000Z</CreationDate></Bucket>
                    <Bucket><Name>secret</Name><CreationDate>2026-02-03T04:05:06.000Z</CreationDate></Bucket>
                    <Bucket><Name>gone</Name><CreationDate>2026-03-04T05:06:07.000Z</CreationDate></Bucket>
                  </Buckets>
                </ListAllMyBucketsResult>
                """),
        });

        var buckets = await ConnectorFor(server).ListBucketsAsync(Credentials(server.Url), Requests.BucketsWithRegions, None);

        Assert.Equal(
            [
                new StorageBucket("", "open", "eu-west-1", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
                new StorageBucket("", "secret", null, new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero)),
                new StorageBucket("", "gone", null, new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero)),
            ],
            buckets);
    }

    [Fact]
    public async Task Google_continues_after_the_last_entry_when_the_server_sends_no_NextMarker()
    {
        await using var server = LoopbackHttpServer.Answering(XmlResponse(
            """
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>bucket</Name><Prefix>gcs/</Prefix><Marker></Marker><MaxKeys>2</MaxKeys><Delimiter>/</Delimiter>
              <IsTruncated>true</IsTruncated>
              <Contents><Key>gcs/a.txt</Key><LastModified>2026-01-02T03:04:05.000Z</LastModified><Size>3</Size></Contents>
              <CommonPrefixes><Prefix>gcs/z/</Prefix></CommonPrefixes>
            </ListBucketResult>
            """));
        var credentials = Credentials(server.Url) with { Provider = CloudProvider.Google };

        var page = await ConnectorFor(server).ListObjectsAsync(credentials, Requests.Folder("bucket", "gcs/", 2, null), None);

        Assert.Equal(["gcs/z/", "gcs/a.txt"], page.Items.Select(item => item.Path));
        Assert.Equal("gcs/z/", page.NextCursor);
    }

    private static Task<StorageObjectPage> ListObjectsAsync(IStorageConnector connector, LoopbackHttpServer server) =>
        connector.ListObjectsAsync(Credentials(server.Url), Requests.Folder("bucket", "", 10, null), None);

    private static PlatformConnectors ConnectorFor(LoopbackHttpServer server, string? allowAlso = null) =>
        Connector([server.HostAndPort, .. allowAlso is null ? Array.Empty<string>() : [allowAlso]]);

    private static PlatformConnectors Connector(params string[] allowedHosts) => PlatformConnectors.Build(allowedHosts: allowedHosts);

    private static StorageCredentials Credentials(Uri serviceUrl) => Requests.Keys(CloudProvider.S3Generic, "AKIDEXAMPLE", "secret", serviceUrl);

    private static string ErrorResponse(int status, string code, params string[] headers) => LoopbackHttpServer.HttpResponse(
        status,
        ((HttpStatusCode)status).ToString(),
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>The server says {code}.</Message><RequestId>42</RequestId></Error>",
        ["Content-Type: application/xml", .. headers]);

    private static string XmlResponse(string body) =>
        LoopbackHttpServer.HttpResponse(200, "OK", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>{body}", "Content-Type: application/xml");
}
