using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Platform;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Contract;

/// <summary>
/// The contract every connector keeps, proven through the API against each provider's test server: one set of tests,
/// one fixture per provider (see the classes deriving from this one). A new connector derives a class with its fixture.
/// </summary>
public abstract class ConnectorContract<TFixture>(CloudAccountsApiFactory api, TFixture provider) : IDisposable
    where TFixture : IConnectorContractFixture
{
    // A root with two folders and two files; a nested folder with a sub-folder; a folder of seven files to page through.
    private static readonly string[] Tree =
    [
        "b.txt", "a.txt", "docs/readme.md", "photos/p1.jpg", "photos/p2.jpg", "photos/2024/x.jpg",
        .. Enumerable.Range(1, 7).Select(i => $"many/file-{i}.bin"),
    ];

    private readonly TestTenant _tenant = new();

    // The API as it reaches this provider's test server; every request of the suite goes through it.
    private readonly WebApplicationFactory<Program> _app = provider.Settings.Count == 0
        ? api
        : api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in provider.Settings)
            {
                builder.UseSetting(key, value);
            }
        });

    private ProviderDescription Description => _app.Services.GetRequiredService<ProviderCatalog>().Find(provider.Provider)!;

    private async Task<(Guid Id, string Bucket)> ConnectWithTreeAsync(HttpClient client)
    {
        var bucket = await provider.CreateBucketAsync(Tree);
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, provider.Account("Contract"))).ShouldBeOkJsonObjectAsync();
        return (Guid.Parse((string)created["id"]!), bucket);
    }

    private WebApplicationFactory<Program> Reaching(LoopbackHttpServer server, Dictionary<string, string?>? settings = null, TimeProvider? clock = null) =>
        api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Outbound:AllowedHosts:9", server.HostAndPort);
            foreach (var (key, value) in provider.Settings.Concat(provider.SettingsToReach(server)).Concat(settings ?? []))
            {
                builder.UseSetting(key, value);
            }

            if (clock is not null)
            {
                builder.ConfigureTestServices(services =>
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton(clock);
                });
            }
        });

    [Fact]
    public async Task Connects_with_good_credentials_and_answers_the_account_masked()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);

        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, provider.Account("Good keys"))).ShouldBeOkJsonObjectAsync();

        Assert.Equal((int)provider.Provider, (int)created["cloudType"]!);
        Assert.Equal("**********", (string?)created[Description.Credentials == CredentialKind.KeyPair ? "secretKey" : "credentialsData"]);
        Assert.Equal(1L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task Refuses_wrong_credentials_with_ACCESS_and_stores_nothing()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, provider.Account("Wrong keys", wrongCredentials: true));

        await response.ShouldBeAmoveErrorAsync("ACCESS");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task Lists_the_top_level_containers()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var (id, bucket) = await ConnectWithTreeAsync(client);

        var body = await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();

        var listed = body.Bucket(bucket);
        Assert.Equal(bucket, (string?)listed["name"]);
        Assert.Null(body["continuationToken"]);
    }

    [Fact]
    public async Task Lists_the_root_with_directories_first_then_files()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var (id, bucket) = await ConnectWithTreeAsync(client);

        var body = await (await ListFolderAsync(client, id, bucket, "")).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["docs/", "many/", "photos/", "a.txt", "b.txt"], body.Paths());
        Assert.Equal([2, 2, 2, 1, 1], Types(body));
        Assert.Equal([0L, 0L, 0L, 5L, 5L], body["data"]!.AsArray().Select(o => (long)o!["size"]!));
        Assert.Null(body["continuationToken"]);
    }

    [Fact]
    public async Task Lists_a_nested_folder_by_its_path_where_folders_have_paths()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var (id, bucket) = await ConnectWithTreeAsync(client);

        var byPath = await client.ListObjectsAsync(id, bucket, "/photos/");

        if (AddressedByPath)
        {
            var body = await byPath.ShouldBeOkJsonObjectAsync();
            Assert.Equal(["photos/2024/", "photos/p1.jpg", "photos/p2.jpg"], body.Paths());
            Assert.Equal(["2024", "p1.jpg", "p2.jpg"], body["data"]!.AsArray().Select(o => (string)o!["name"]!));
            Assert.Equal("/photos/", (string?)body["path"]);
        }
        else
        {
            await byPath.ShouldBeAmoveErrorAsync("DEFAULT", "'id' is required");
        }
    }

    [Fact]
    public async Task Lists_a_nested_folder_by_the_id_it_returned_where_folders_have_ids()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var (id, bucket) = await ConnectWithTreeAsync(client);
        var root = await (await ListFolderAsync(client, id, bucket, "")).ShouldBeOkJsonObjectAsync();
        var photosId = (string)root["data"]!.AsArray().Single(o => (string?)o!["path"] == "photos/")!["id"]!;

        var byId = await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = photosId, path = "/photos/" });

        if (AddressedById)
        {
            var body = await byId.ShouldBeOkJsonObjectAsync();
            Assert.Equal(["photos/2024/", "photos/p1.jpg", "photos/p2.jpg"], body.Paths());
            Assert.Equal(["2024", "p1.jpg", "p2.jpg"], body["data"]!.AsArray().Select(o => (string)o!["name"]!));
            Assert.All(body["data"]!.AsArray().Where(o => (int)o!["type"]! == 2), folder => Assert.NotEqual("", (string?)folder!["id"]));
        }
        else
        {
            // Folders of a provider addressed by path have no ids, and an id lists nothing.
            Assert.Equal("", photosId);
            await byId.ShouldBeAmoveErrorAsync("DEFAULT", "'bucketName' is required.");
        }
    }

    [Fact]
    public async Task Pages_through_three_pages_with_nothing_lost_or_repeated_and_one_provider_call_per_page()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var (id, bucket) = await ConnectWithTreeAsync(client);
        var many = await FolderAsync(client, id, bucket, "many/");
        using var providerCalls = new HttpRequestLog();

        var pages = new List<JsonObject>();
        string? token = null;
        do
        {
            var page = await (await many(token, 3)).ShouldBeOkJsonObjectAsync();
            pages.Add(page);
            token = (string?)page["continuationToken"];
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([3, 3, 1], pages.Select(page => page.Paths().Length));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"many/file-{i}.bin"), pages.SelectMany(page => page.Paths()));
        Assert.Equal(3, providerCalls.Through(provider.ListingPathSegment(bucket)).Count);
    }

    [Fact]
    public async Task A_missing_container_is_NOT_FOUND()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var (id, _) = await ConnectWithTreeAsync(client);
        var missing = $"missing-{Guid.NewGuid():N}"[..20];

        var response = AddressedByPath
            ? await client.ListObjectsAsync(id, missing, "/")
            : await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = missing });

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND");
    }

    [Fact]
    public async Task A_missing_folder_is_NOT_FOUND()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var (id, bucket) = await ConnectWithTreeAsync(client);

        var response = AddressedByPath
            ? await client.ListObjectsAsync(id, bucket, "/photos/1999/")
            : await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = provider.MissingFolderId, path = "/photos/1999/" });

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND");
    }

    [Fact]
    public async Task A_provider_that_never_answers_is_INTERNAL_ERROR_once_the_configured_timeout_has_passed()
    {
        await using var hanging = LoopbackHttpServer.NeverAnswering();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = Reaching(hanging, new() { ["Connectors:TimeoutSeconds"] = "2" }, clock);
        using var client = app.CreateClientFor(_tenant.Owner);

        var call = client.PostJsonAsync(CloudAccountApi.Insert, provider.AccountAt(hanging, "Hanging"));
        await hanging.WaitUntilAsync(server => server.Requests == 1, "the request");
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(call.IsCompleted, "The call ended before its timeout.");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await (await call).ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "did not answer within the 2-second limit");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_page_with_more_entries_than_asked_for_is_INTERNAL_ERROR_not_a_longer_page()
    {
        await using var careless = LoopbackHttpServer.Streaming(request => StreamedResponse.Of(provider.OversizedAnswer(request, entries: 50)));
        using var app = Reaching(careless);
        using var client = app.CreateClientFor(_tenant.Owner);
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, provider.AccountAt(careless, "Careless"))).ShouldBeOkJsonObjectAsync();

        var accountId = Guid.Parse((string)created["id"]!);
        var response = AddressedByPath
            ? await client.ListObjectsAsync(accountId, "bucket", "/", count: 10)
            : await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = accountId, id = "bucket", count = 10 });

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "answered with 50 entries where at most 10 were asked for");
    }

    [Fact]
    public async Task An_answer_over_MaxResponseBytes_is_INTERNAL_ERROR_without_being_read_to_its_end()
    {
        await using var flooding = LoopbackHttpServer.Streaming(_ => StreamedResponse.RepeatedXml(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><R>", "<E>flood</E>", "</R>", totalBytes: 64L * 1024 * 1024, declareLength: false));
        using var app = Reaching(flooding, new() { ["Connectors:MaxResponseBytes"] = "65536" });
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, provider.AccountAt(flooding, "Flooding"));

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "answered with more than 65536 bytes");
        Assert.True(flooding.BytesWritten < 16L * 1024 * 1024, $"{flooding.BytesWritten} bytes were sent before the answer was cut off.");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    public void Dispose()
    {
        if (_app != api)
        {
            _app.Dispose();
        }
    }

    private bool AddressedByPath => Description.Addressing.HasFlag(ObjectAddressing.ByPath);

    private bool AddressedById => Description.Addressing.HasFlag(ObjectAddressing.ById);

    private async Task<HttpResponseMessage> ListFolderAsync(HttpClient client, Guid id, string bucket, string folderPath) =>
        await (await FolderAsync(client, id, bucket, folderPath))(null, null);

    /// <summary>
    /// How to list one folder's pages as a client would: by bucket name and path where the provider has paths; otherwise
    /// by the ids list_buckets and list_objects return, walking down from the bucket.
    /// </summary>
    private async Task<Func<string?, int?, Task<HttpResponseMessage>>> FolderAsync(HttpClient client, Guid id, string bucket, string folderPath)
    {
        if (AddressedByPath)
        {
            return (token, count) => client.ListObjectsAsync(id, bucket, "/" + folderPath, token, count);
        }

        var buckets = await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();
        var containerId = (string)buckets.Bucket(bucket)["id"]!;
        var path = "";
        foreach (var segment in folderPath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var parent = await (await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = containerId, path = "/" + path }))
                .ShouldBeOkJsonObjectAsync();
            path += segment + "/";
            containerId = (string)parent["data"]!.AsArray().Single(o => (string?)o!["path"] == path)!["id"]!;
        }

        return (token, count) => client.ListObjectsByIdAsync(id, containerId, "/" + path, token, count);
    }

    private static int[] Types(JsonObject page) => [.. page["data"]!.AsArray().Select(o => (int)o!["type"]!)];
}
