using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Dropbox;

/// <summary>What is particular to Dropbox, through the API against <see cref="FakeDropbox"/>: the team space, and what is sent.</summary>
[Collection(ApiCollection.Name)]
public sealed class DropboxTests(CloudAccountsApiFactory api, FakeDropboxServer server) : IClassFixture<FakeDropboxServer>, IDisposable
{
    private readonly TestTenant _tenant = new();
    private readonly FakeDropbox _dropbox = server.Fake;
    private readonly WebApplicationFactory<Program> _app = api.WithWebHostBuilder(builder =>
    {
        foreach (var (key, value) in server.Fake.Settings)
        {
            builder.UseSetting(key, value);
        }
    });

    private async Task<(HttpClient Client, Guid Id)> ConnectAsync(FakeDropboxUser user)
    {
        var client = _app.CreateClientFor(_tenant.Owner);
        var created = await (await client.PostJsonAsync(
            CloudAccountApi.Insert, new { cloudType = (int)CloudProvider.Dropbox, name = "Dropbox", credentialsData = user.CredentialsData() })).ShouldBeOkJsonObjectAsync();
        return (client, Guid.Parse((string)created["id"]!));
    }

    private static Task<HttpResponseMessage> ListAsync(HttpClient client, Guid id, string folderId, string path = "/", int? count = null, string? token = null) =>
        client.ListObjectsByIdAsync(id, folderId, path, token, count);

    [Fact]
    public async Task An_account_in_a_team_with_a_team_space_has_the_team_space_as_a_second_bucket()
    {
        var user = _dropbox.CreateUser(["mine.txt"], teamSpacePaths: ["Shared/plan.txt", "team.txt"], teamName: "Acme");
        var (client, id) = await ConnectAsync(user);
        using var _ = client;

        var buckets = (await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync())["data"]!.AsArray();

        Assert.Equal(["root", $"team:{user.TeamNamespaceId}"], buckets.Select(b => (string)b!["id"]!));
        Assert.Equal(["Dropbox", "Acme"], buckets.Select(b => (string)b!["name"]!));
        var teamId = (string)buckets[1]!["id"]!;
        var team = await (await ListAsync(client, id, teamId)).ShouldBeOkJsonObjectAsync();
        Assert.Equal(["Shared/", "team.txt"], team.Paths());
        var sharedId = (string)team["data"]![0]!["id"]!;
        var shared = await (await ListAsync(client, id, sharedId, "/Shared/")).ShouldBeOkJsonObjectAsync();
        Assert.Equal(["Shared/plan.txt"], shared.Paths());
        var home = await (await ListAsync(client, id, "root")).ShouldBeOkJsonObjectAsync();
        Assert.Equal(["mine.txt"], home.Paths());

        // The team space is reached with Dropbox-API-Path-Root naming its root namespace; the user's own root without it.
        var listings = user.Requests.Where(r => r.Path == "/2/files/list_folder").ToArray();
        Assert.Equal(3, listings.Length);
        foreach (var teamListing in listings[..2])
        {
            var pathRoot = JsonNode.Parse(teamListing.PathRoot!)!;
            Assert.Equal("root", (string?)pathRoot[".tag"]);
            Assert.Equal(user.TeamNamespaceId, (string?)pathRoot["root"]);
        }

        Assert.Null(listings[2].PathRoot);
    }

    [Fact]
    public async Task An_account_without_a_team_space_has_its_own_root_only()
    {
        var user = _dropbox.CreateUser(["a.txt"]);
        var (client, id) = await ConnectAsync(user);
        using var _ = client;

        var buckets = (await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync())["data"]!.AsArray();

        Assert.Equal(["root"], buckets.Select(b => (string)b!["id"]!));
    }

    [Fact]
    public async Task Listing_sends_list_folder_with_the_count_as_limit_then_continue_with_the_cursor()
    {
        var user = _dropbox.CreateUser(["f1.txt", "f2.txt", "f3.txt"]);
        var (client, id) = await ConnectAsync(user);
        using var _ = client;

        var first = await (await ListAsync(client, id, "root", count: 2)).ShouldBeOkJsonObjectAsync();
        var second = await (await ListAsync(client, id, "root", count: 2, token: (string)first["continuationToken"]!)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["f1.txt", "f2.txt", "f3.txt"], first.Paths().Concat(second.Paths()));
        Assert.Null(second["continuationToken"]);
        var sent = user.Requests.Where(r => r.Path.StartsWith("/2/files/list_folder", StringComparison.Ordinal)).ToArray();
        Assert.Equal(["/2/files/list_folder", "/2/files/list_folder/continue"], sent.Select(r => r.Path));
        Assert.All(sent, r => Assert.Equal("application/json", r.ContentType));
        Assert.All(sent, r => Assert.Equal("Bearer " + user.AccessToken, r.Authorization));
        Assert.Equal("""{"path":"","limit":2,"include_deleted":false}""", sent[0].Body);
        Assert.Equal(["cursor"], sent[1].Json.Select(field => field.Key));
        Assert.False(string.IsNullOrEmpty((string?)sent[1].Json["cursor"]));
    }

    [Fact]
    public async Task Insert_checks_the_token_with_get_current_account_and_no_body()
    {
        var user = _dropbox.CreateUser([]);

        var (client, _) = await ConnectAsync(user);
        client.Dispose();

        var check = Assert.Single(user.Requests);
        Assert.Equal("/2/users/get_current_account", check.Path);
        Assert.Equal("", check.Body);
        Assert.Null(check.ContentType);
    }

    [Fact]
    public async Task Files_have_their_size_and_server_time_and_deleted_entries_are_left_out()
    {
        var user = _dropbox.CreateUser(["kept.txt", "gone.txt"]);
        _dropbox.Delete(user, "gone.txt");
        var (client, id) = await ConnectAsync(user);
        using var _ = client;

        var body = await (await ListAsync(client, id, "root")).ShouldBeOkJsonObjectAsync();

        var file = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal("kept.txt", (string?)file["name"]);
        Assert.Equal(5L, (long)file["size"]!);
        Assert.Equal(1, (int)file["type"]!);
        Assert.Equal(new DateTime(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc), DateTime.Parse((string)file["lastModifiedUtc"]!, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.StartsWith("id:", (string?)file["id"]);
    }

    [Fact]
    public async Task A_folder_deleted_at_Dropbox_is_NOT_FOUND_with_its_reason()
    {
        var user = _dropbox.CreateUser(["old/a.txt"]);
        var (client, id) = await ConnectAsync(user);
        using var _ = client;
        var root = await (await ListAsync(client, id, "root")).ShouldBeOkJsonObjectAsync();
        var oldId = (string)root["data"]![0]!["id"]!;
        _dropbox.Delete(user, "old");

        await (await ListAsync(client, id, oldId, "/old/")).ShouldBeAmoveErrorAsync("NOT_FOUND", "path/not_found");
    }

    [Fact]
    public async Task A_token_Dropbox_refuses_at_insert_is_ACCESS_with_its_reason()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = (int)CloudProvider.Dropbox,
            name = "Refused",
            credentialsData = """{"access_token":"sl.never-issued","token_type":"bearer"}""",
        });

        await response.ShouldBeAmoveErrorAsync("ACCESS", "invalid_access_token");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    public void Dispose() => _app.Dispose();
}
