using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Amove.CloudAccounts.Api.Tests.Security;

/// <summary>
/// A signed-in user points an account at an S3 endpoint they control and makes it misbehave. Whatever it sends, the
/// user gets a 499 INTERNAL_ERROR after a bounded number of calls and bytes, never an answer built from an unbounded
/// one, and never the request's own credentials echoed back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileProviderTests(CloudAccountsApiFactory api)
{
    private const string AccessKey = "AKIA-HOSTILE-EXAMPLE-01";
    private const string SecretKey = "hostile-provider-secret-key-0123456789";
    private const long DefaultMaxResponseBytes = 4 * 1024 * 1024;

    private readonly TestTenant _tenant = new();

    private static object AccountAt(LoopbackHttpServer provider) => new
    {
        cloudType = 8,
        name = "Hostile provider",
        accessKey = AccessKey,
        secretKey = SecretKey,
        serviceUrl = provider.Url,
    };

    /// <summary>Connects an account to <paramref name="provider"/> (one ListBuckets call, to validate the keys).</summary>
    private async Task<Guid> ConnectAsync(WebApplicationFactory<Program> app, LoopbackHttpServer provider)
    {
        using var client = app.CreateClientFor(_tenant.Owner);
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, AccountAt(provider))).ShouldBeOkJsonObjectAsync();
        return Guid.Parse((string)created["id"]!);
    }

    [Fact]
    public async Task Endless_pages_of_5000_buckets_stop_past_MaxBuckets_with_INTERNAL_ERROR_after_three_pages()
    {
        var pages = 0;
        await using var provider = LoopbackHttpServer.Answering(_ =>
        {
            var page = Interlocked.Increment(ref pages);
            return S3Xml.Ok(S3Xml.BucketList(Enumerable.Range(0, 5_000).Select(i => $"p{page}-b{i}"), continuationToken: $"page-{page + 1}"));
        });
        using var app = api.WithAllowedHost(provider.HostAndPort);
        var id = await ConnectAsync(app, provider);
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.ListBucketsAsync(id, includeRegion: true);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "S3Generic has more than 10000 buckets");
        // The insert's one call, then 5,000 + 5,000 + 5,000 buckets: over the limit, so no fourth page and no region lookup.
        Assert.Equal(1 + 3, provider.Requests);
    }

    [Fact]
    public async Task Endless_empty_pages_stop_at_MaxPagesPerRequest_with_INTERNAL_ERROR()
    {
        var pages = 0;
        await using var provider = LoopbackHttpServer.Answering(_ =>
            S3Xml.Ok(S3Xml.BucketList([], continuationToken: $"page-{Interlocked.Increment(ref pages)}")));
        using var app = api.WithAllowedHost(provider.HostAndPort);
        var id = await ConnectAsync(app, provider);
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.ListBucketsAsync(id, includeRegion: false);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "S3Generic answered with more than 100 pages of buckets");
        Assert.Equal(1 + 100, provider.Requests);
    }

    // 300 MB of well-formed buckets, generated as it is sent: with a declared length the API refuses it from the
    // headers; chunked, it stops reading at the cap. Either way the provider sees its client hang up early.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_300_MB_bucket_list_is_INTERNAL_ERROR_and_read_no_further_than_the_cap(bool declareLength)
    {
        await using var provider = LoopbackHttpServer.Streaming(_ => StreamedResponse.RepeatedXml(
            S3Xml.BucketListOpening, S3Xml.Bucket("a-bucket-with-a-rather-long-name-0001"), S3Xml.BucketListClosing(),
            totalBytes: 300L * 1024 * 1024, declareLength));
        using var app = api.WithAllowedHost(provider.HostAndPort);
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, AccountAt(provider));

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", $"S3Generic answered with more than {DefaultMaxResponseBytes} bytes");
        await provider.WaitUntilAsync(p => p.CutOff == 1, "its client hang up mid-answer");
        // The cap plus what the sockets' buffers took in: a small fraction of the 300 MB.
        Assert.InRange(provider.BytesWritten, 0, 64L * 1024 * 1024);
        Assert.Equal(1, provider.Requests);
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_bucket_list_over_the_cap_later_fails_list_buckets_the_same_way()
    {
        var calls = 0;
        await using var provider = LoopbackHttpServer.Streaming(_ => Interlocked.Increment(ref calls) == 1
            ? StreamedResponse.Of(S3Xml.Ok(S3Xml.BucketList(["fine"])))
            : StreamedResponse.RepeatedXml(
                S3Xml.BucketListOpening, S3Xml.Bucket("grown"), S3Xml.BucketListClosing(), totalBytes: 100L * 1024 * 1024, declareLength: false));
        using var app = api.WithAllowedHost(provider.HostAndPort);
        var id = await ConnectAsync(app, provider);
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.ListBucketsAsync(id, includeRegion: false);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", $"more than {DefaultMaxResponseBytes} bytes");
        await provider.WaitUntilAsync(p => p.CutOff == 1, "its client hang up mid-answer");
        Assert.InRange(provider.BytesWritten, 0, 64L * 1024 * 1024);
    }

    [Fact]
    public async Task A_provider_that_ignores_max_keys_cannot_put_more_than_count_entries_in_a_page()
    {
        await using var provider = LoopbackHttpServer.Answering(requestLine => requestLine.StartsWith("GET /bucket", StringComparison.Ordinal)
            ? S3Xml.Ok(S3Xml.ObjectList("bucket", Enumerable.Range(0, 50_000).Select(i => $"k{i:D5}")))
            : S3Xml.Ok(S3Xml.BucketList(["bucket"])));
        using var app = api.WithAllowedHost(provider.HostAndPort);
        var id = await ConnectAsync(app, provider);
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(id, "bucket", count: 1);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "S3Generic answered with 50000 entries where at most 1 were asked for.");
        Assert.Equal(1 + 1, provider.Requests);
    }

    [Fact]
    public async Task A_provider_error_that_echoes_the_request_reaches_the_client_without_credentials_controls_or_bulk()
    {
        string? authorizationSeen = null;
        await using var provider = LoopbackHttpServer.Streaming(request =>
        {
            authorizationSeen = request.Header("Authorization");
            var message = "Check your key\u202Egnp.exe\u009B and\tsigning\nmethod. "
                + $"You sent: Authorization: {authorizationSeen} with x-amz-date: {request.Header("x-amz-date")}";
            return StreamedResponse.Of(LoopbackHttpServer.S3ErrorResponse(403, "Forbidden", "SignatureDoesNotMatch", message));
        });
        using var app = api.WithAllowedHost(provider.HostAndPort);
        using var client = app.CreateClientFor(_tenant.Owner);

        var messages = await (await client.PostJsonAsync(CloudAccountApi.Insert, AccountAt(provider))).ShouldBeAmoveErrorAsync("ACCESS");

        Assert.Contains($"Credential={AccessKey}/", authorizationSeen);
        var message = Assert.Single(messages);
        Assert.True(
            message.StartsWith("S3Generic rejected the credentials: SignatureDoesNotMatch (Check your key gnp.exe and signing method. You sent: ", StringComparison.Ordinal),
            message);
        Assert.DoesNotContain(AccessKey, message);
        Assert.DoesNotContain(SecretKey, message);
        Assert.DoesNotContain("Credential=", message);
        Assert.DoesNotContain("Signature=", message);
        Assert.DoesNotContain("AWS4-HMAC-SHA256", message);
        Assert.DoesNotContain(message, c => char.IsControl(c) || c is '\u202E');
    }

    [Fact]
    public async Task A_provider_error_of_a_hundred_thousand_characters_reaches_the_client_as_a_paragraph()
    {
        var code = "Invalid" + new string('A', 50_000);
        await using var provider = LoopbackHttpServer.AnsweringS3Error(
            400, "Bad Request", code, string.Concat(Enumerable.Repeat("Very long reason. ", 2_800)));
        using var app = api.WithAllowedHost(provider.HostAndPort);
        using var client = app.CreateClientFor(_tenant.Owner);

        var messages = await (await client.PostJsonAsync(CloudAccountApi.Insert, AccountAt(provider))).ShouldBeAmoveErrorAsync("DEFAULT");

        var message = Assert.Single(messages);
        Assert.StartsWith("S3Generic rejected the request: InvalidAAAA", message);
        Assert.EndsWith("…", message);
        Assert.InRange(message.Length, 300, 601);
    }
}
