using System.Globalization;
using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Controllers.CloudAccount;

/// <summary>Azure Blob Storage accounts (cloudType 4) through the API, against the local Azurite.</summary>
[Collection(ApiCollection.Name)]
public sealed class AzureTests(CloudAccountsApiFactory api)
{
    private readonly AzuriteTestServer _azurite = new();
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task Connects_an_azure_account_after_a_signed_call_and_answers_it_masked()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, AzuriteTestServer.Account("Studio Azure"));

        var created = await response.ShouldBeOkJsonObjectAsync();
        Assert.Equal(4, (int)created["cloudType"]!);
        Assert.Equal("Studio Azure", (string?)created["name"]);
        Assert.Equal("dev*****", (string?)created["accessKey"]);
        Assert.Equal("**********", (string?)created["secretKey"]);
        Assert.Equal(AzuriteTestServer.Url, (string?)created["serviceUrl"]);
        Assert.Equal(1L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_wrong_account_key_is_ACCESS_and_nothing_is_stored()
    {
        using var client = api.CreateClientFor(_tenant.Owner);
        var wrongKey = Convert.ToBase64String(new byte[64]);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, AzuriteTestServer.Account(accountKey: wrongKey));

        var messages = await response.ShouldBeAmoveErrorAsync("ACCESS");
        Assert.Contains(messages, message => message.Contains("AuthorizationFailure", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, message => message.Contains(wrongKey, StringComparison.Ordinal));
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task An_account_key_that_is_not_base64_is_ACCESS_saying_so_and_nothing_is_stored()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, AzuriteTestServer.Account(accountKey: "not-a-base64-key!"));

        await response.ShouldBeAmoveErrorAsync("ACCESS", "not base64");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task An_account_name_azure_would_not_allow_is_DEFAULT_when_it_would_become_the_host_name()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(
            CloudAccountApi.Insert, AzuriteTestServer.Account(accountName: "attacker.example.com/x", serviceUrl: null));

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "3 to 24 lowercase letters and digits");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_service_url_inside_this_host_is_SECURITY_without_connecting_or_storing()
    {
        await using var listener = new CountingTcpListener();
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(
            CloudAccountApi.Insert,
            AzuriteTestServer.Account(serviceUrl: $"http://127.0.0.1:{listener.Port}/{TestEnvironment.AzuriteAccountName}"));

        await response.ShouldBeAmoveErrorAsync("SECURITY");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
        foreach (var address in listener.Addresses)
        {
            Assert.Equal(0, await listener.ConnectionsBeforeProbeAsync(address));
        }
    }

    [Fact]
    public async Task List_buckets_lists_the_containers_with_their_time_and_no_region()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        var containers = new[] { await _azurite.CreateContainerAsync("lb-a"), await _azurite.CreateContainerAsync("lb-b") };
        var id = await ConnectAsync();
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListBucketsAsync(id, includeRegion: true)).ShouldBeOkJsonObjectAsync();

        foreach (var container in containers)
        {
            var entry = body.Bucket(container);
            Assert.Equal("", (string?)entry["id"]);
            Assert.Null(entry["region"]);
            Assert.EndsWith("Z", (string)entry["creationDate"]!);
            Assert.InRange(
                DateTimeOffset.Parse((string)entry["creationDate"]!, CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.AddMinutes(5));
        }

        Assert.Equal(body.BucketNames().Distinct().Count(), body.BucketNames().Length);
    }

    [Fact]
    public async Task List_objects_lists_the_root_with_directories_first_then_blobs_with_size_and_time()
    {
        var container = await _azurite.CreateContainerAsync("lo-root");
        await _azurite.PutAsync(container, "a-first.txt", "hello");
        await _azurite.PutAsync(container, "b-folder/inside.txt");
        await _azurite.PutAsync(container, "c-last.txt", "0123456789");
        var id = await ConnectAsync();
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.ListObjectsAsync(id, container, "/")).ShouldBeOkJsonObjectAsync();

        Assert.Null(body["continuationToken"]);
        var data = body["data"]!.AsArray().Select(o => o!.AsObject()).ToList();
        Assert.Equal(
            [("b-folder", "b-folder/", 2, 0L), ("a-first.txt", "a-first.txt", 1, 5L), ("c-last.txt", "c-last.txt", 1, 10L)],
            data.Select(o => ((string)o["name"]!, (string)o["path"]!, (int)o["type"]!, (long)o["size"]!)));
        Assert.Null(data[0]["lastModifiedUtc"]);
        Assert.EndsWith("Z", (string)data[1]["lastModifiedUtc"]!);
    }

    [Fact]
    public async Task List_objects_lists_a_nested_folder_and_names_with_unicode_and_spaces_exactly()
    {
        var container = await _azurite.CreateContainerAsync("lo-nested");
        await _azurite.PutManyAsync(container, ["résumé 2026/über file.txt", "résumé 2026/deeper/x.txt", "日本語/ファイル.txt", "a b/c d.txt"]);
        var id = await ConnectAsync();
        using var client = api.CreateClientFor(_tenant.Owner);

        var root = await (await client.ListObjectsAsync(id, container, "/")).ShouldBeOkJsonObjectAsync();
        var resume = await (await client.ListObjectsAsync(id, container, "/résumé 2026/")).ShouldBeOkJsonObjectAsync();
        var japanese = await (await client.ListObjectsAsync(id, container, "日本語/")).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["a b/", "résumé 2026/", "日本語/"], root.Paths());
        Assert.Equal(["résumé 2026/deeper/", "résumé 2026/über file.txt"], resume.Paths());
        Assert.Equal(["deeper", "über file.txt"], resume["data"]!.AsArray().Select(o => (string)o!["name"]!));
        Assert.Equal(["日本語/ファイル.txt"], japanese.Paths());
    }

    [Fact]
    public async Task List_objects_pages_with_continuation_tokens_losing_and_repeating_nothing()
    {
        var container = await _azurite.CreateContainerAsync("lo-pages");
        string[] names = [.. Enumerable.Range(0, 7).Select(i => $"file-{i}.txt")];
        await _azurite.PutManyAsync(container, names);
        var id = await ConnectAsync();
        using var client = api.CreateClientFor(_tenant.Owner);

        var pages = new List<string[]>();
        string? token = null;
        do
        {
            var page = await (await client.ListObjectsAsync(id, container, "/", token, count: 3)).ShouldBeOkJsonObjectAsync();
            pages.Add(page.Paths());
            token = (string?)page["continuationToken"];
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([3, 3, 1], pages.Select(page => page.Length));
        Assert.Equal(names, pages.SelectMany(page => page));
    }

    [Fact]
    public async Task A_missing_container_is_NOT_FOUND()
    {
        var id = await ConnectAsync();
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(id, $"missing-{Guid.NewGuid():N}", "/");

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND", "ContainerNotFound");
    }

    [Fact]
    public async Task A_missing_folder_is_NOT_FOUND()
    {
        var container = await _azurite.CreateContainerAsync("lo-missing");
        await _azurite.PutAsync(container, "real/file.txt");
        var id = await ConnectAsync();
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(id, container, "/not-there/");

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND", "not-there/");
    }

    [Fact]
    public async Task A_container_name_azure_does_not_allow_is_DEFAULT_with_azures_reason()
    {
        var id = await ConnectAsync();
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.ListObjectsAsync(id, "Not_Valid", "/");

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "InvalidResourceName");
    }

    private async Task<Guid> ConnectAsync()
    {
        using var client = api.CreateClientFor(_tenant.Owner);
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, AzuriteTestServer.Account())).ShouldBeOkJsonObjectAsync();
        return Guid.Parse((string)created["id"]!);
    }
}
