using System.Web;
using Amove.CloudAccounts.Api.Tests.Connectors.Contract;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors.OneDrive;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Amove.CloudAccounts.Api.Tests.Connectors.OneDrive;

/// <summary>What is OneDrive's own, through the API against the fake of Microsoft Graph: drives, $top, next links, ids.</summary>
[Collection(ApiCollection.Name)]
public sealed class OneDriveConnectorTests(CloudAccountsApiFactory api) : IDisposable
{
    private static readonly string[] Tree = ["a.txt", "docs/readme.md", "docs/old.txt"];

    private readonly FakeOneDrive _graph = OneDriveContractFixture.Fake;
    private readonly TestTenant _tenant = new();
    private readonly WebApplicationFactory<Program> _app = api.WithWebHostBuilder(builder =>
    {
        foreach (var (key, value) in OneDriveContractFixture.Reaching(OneDriveContractFixture.Fake.Url))
        {
            builder.UseSetting(key, value);
        }
    });

    [Fact]
    public async Task A_users_second_drive_is_listed_as_a_bucket_and_can_be_browsed()
    {
        var user = _graph.AddUser();
        var own = user.AddDrive("OneDrive", ["mine.txt"]);
        var team = user.AddDrive("Team Files", ["plans/q1.xlsx", "budget.xlsx"], isOwn: false);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());

        var buckets = await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();
        var root = await (await ListAsync(client, id, team.Id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["OneDrive", "Team Files"], buckets.BucketNames());
        Assert.Equal([own.Id, team.Id], buckets["data"]!.AsArray().Select(b => (string)b!["id"]!));
        Assert.Equal(["plans/", "budget.xlsx"], root.Paths());
        var plansId = (string)root["data"]![0]!["id"]!;
        Assert.Equal($"{team.Id}/{team.ItemAt("plans").Id}", plansId);
        var plans = await (await ListAsync(client, id, plansId, "/plans/")).ShouldBeOkJsonObjectAsync();
        Assert.Equal(["plans/q1.xlsx"], plans.Paths());
    }

    [Fact]
    public async Task The_users_own_drive_is_the_bucket_when_me_drives_lists_none()
    {
        var user = _graph.AddUser();
        var own = user.AddDrive("OneDrive", Tree, inMyDrives: false);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());

        var buckets = await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["OneDrive"], buckets.BucketNames());
        Assert.Equal(own.Id, (string?)buckets["data"]![0]!["id"]);
    }

    [Fact]
    public async Task A_page_asks_Graph_for_count_entries_with_only_the_fields_it_maps_and_the_users_token()
    {
        var user = _graph.AddUser();
        var drive = user.AddDrive("OneDrive", Tree);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());

        await (await ListAsync(client, id, drive.Id, count: 2)).ShouldBeOkJsonObjectAsync();

        var sent = Assert.Single(_graph.RequestsTo($"/v1.0/drives/{drive.Id}/"));
        Assert.Equal("GET", sent.Method);
        Assert.Equal($"/v1.0/drives/{drive.Id}/items/root/children", sent.Path);
        var query = HttpUtility.ParseQueryString(sent.Query);
        Assert.Equal("2", query["$top"]);
        Assert.Equal("id,name,size,lastModifiedDateTime,folder,file,deleted", query["$select"]);
        Assert.Equal($"Bearer {user.AccessToken}", sent.Authorization);
    }

    [Fact]
    public async Task A_count_of_1000_asks_Graph_for_its_maximum_of_999()
    {
        var user = _graph.AddUser();
        var drive = user.AddDrive("OneDrive", Tree);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());

        await (await ListAsync(client, id, drive.Id, count: 1000)).ShouldBeOkJsonObjectAsync();

        var sent = Assert.Single(_graph.RequestsTo($"/v1.0/drives/{drive.Id}/"));
        Assert.Equal(OneDriveConnector.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture), HttpUtility.ParseQueryString(sent.Query)["$top"]);
    }

    [Fact]
    public async Task The_next_page_follows_Graphs_next_link_as_it_was_given()
    {
        var user = _graph.AddUser();
        var drive = user.AddDrive("OneDrive", ["1.txt", "2.txt", "3.txt"]);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());

        var first = await (await ListAsync(client, id, drive.Id, count: 2)).ShouldBeOkJsonObjectAsync();
        var second = await (await ListAsync(client, id, drive.Id, count: 2, token: (string)first["continuationToken"]!)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["1.txt", "2.txt"], first.Paths());
        Assert.Equal(["3.txt"], second.Paths());
        Assert.Null(second["continuationToken"]);
        var sent = _graph.RequestsTo($"/v1.0/drives/{drive.Id}/");
        Assert.Equal(2, sent.Count);
        Assert.Equal("?$top=2&$select=id,name,size,lastModifiedDateTime,folder,file,deleted&$skiptoken=2", HttpUtility.UrlDecode(sent[1].Query));
        Assert.Equal($"Bearer {user.AccessToken}", sent[1].Authorization);
    }

    [Fact]
    public async Task A_next_link_to_another_host_is_refused_with_INTERNAL_ERROR_and_never_sent_the_token()
    {
        await using var elsewhere = LoopbackHttpServer.Answering(LoopbackHttpServer.HttpResponse(200, "OK", """{"value":[]}""", "Content-Type: application/json"));
        var user = _graph.AddUser();
        var drive = user.AddDrive("OneDrive", ["1.txt", "2.txt", "3.txt"]);
        using var app = _app.WithWebHostBuilder(builder => builder.UseSetting("Outbound:AllowedHosts:9", elsewhere.HostAndPort));
        using var client = app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());
        _graph.NextLinkBase = elsewhere.Url.ToString();
        try
        {
            var response = await ListAsync(client, id, drive.Id, count: 2);

            await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "next page link to another host");
            Assert.Equal(0, elsewhere.Requests);
        }
        finally
        {
            _graph.NextLinkBase = null;
        }
    }

    [Fact]
    public async Task Deleted_items_are_left_out_and_folders_and_files_are_mapped_from_their_facets()
    {
        var user = _graph.AddUser();
        var drive = user.AddDrive("OneDrive", Tree);
        drive.AddFile("gone.txt", 7, deleted: true);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());

        var root = await (await ListAsync(client, id, drive.Id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["docs/", "a.txt"], root.Paths());
        Assert.Equal([2, 1], root["data"]!.AsArray().Select(o => (int)o!["type"]!));
        Assert.Equal([0L, 5L], root["data"]!.AsArray().Select(o => (long)o!["size"]!));
    }

    [Fact]
    public async Task A_revoked_access_token_is_renewed_with_the_rotated_refresh_token_stored_by_the_previous_renewal()
    {
        var user = _graph.AddUser();
        var drive = user.AddDrive("OneDrive", Tree);
        using var client = _app.CreateClientFor(_tenant.Owner);

        // Expired when inserted: the insert renews it, and Microsoft hands out a new refresh token.
        var id = await InsertAsync(client, user.TokenResponse(expiresIn: 0));
        Assert.Equal(1, user.Refreshes);

        // Graph stops accepting the access token before its announced expiry: one renewal, with the rotated refresh token.
        var rotatedAccessToken = user.AccessToken;
        _graph.RevokeAccessToken(user);
        var root = await (await ListAsync(client, id, drive.Id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["docs/", "a.txt"], root.Paths());
        Assert.Equal(2, user.Refreshes);
        var listings = _graph.RequestsTo($"/v1.0/drives/{drive.Id}/");
        Assert.Equal([$"Bearer {rotatedAccessToken}", $"Bearer {user.AccessToken}"], listings.Select(request => request.Authorization));
        var refreshes = _graph.RequestsTo(FakeOneDrive.TokenPath);
        Assert.Contains("client_id=amove-test-client", refreshes[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_Graph_rejects_without_a_refresh_token_is_ACCESS_with_Graphs_reason()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(
            CloudAccountApi.Insert,
            OneDriveContractFixture.AccountWith("Rejected", """{"token_type":"Bearer","access_token":"eyJ0eXAiOiJKV1Qi.not-valid","expires_in":3600}"""));

        await response.ShouldBeAmoveErrorAsync("ACCESS", "InvalidAuthenticationToken: Access token has expired or is not yet valid.");
    }

    [Fact]
    public async Task A_folder_Graph_no_longer_has_is_NOT_FOUND_with_Graphs_code()
    {
        var user = _graph.AddUser();
        var drive = user.AddDrive("OneDrive", Tree);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());
        var docs = drive.ItemAt("docs");
        docs.Deleted = true;

        var response = await ListAsync(client, id, $"{drive.Id}/{docs.Id}", "/docs/");

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND", "itemNotFound");
    }

    [Fact]
    public async Task Throttling_with_Retry_After_is_retried_once_transparently()
    {
        var user = _graph.AddUser();
        var drive = user.AddDrive("OneDrive", Tree);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());
        _graph.Failures.Enqueue((429, "activityLimitReached", "1"));

        var root = await (await ListAsync(client, id, drive.Id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["docs/", "a.txt"], root.Paths());
        Assert.Equal(2, _graph.RequestsTo($"/v1.0/drives/{drive.Id}/").Count);
    }

    [Fact]
    public async Task A_work_accounts_drive_whose_id_holds_an_exclamation_mark_is_browsed_by_the_ids_it_hands_out()
    {
        var user = _graph.AddUser();
        var driveId = $"b!{Guid.NewGuid():N}-_Qx";
        var drive = user.AddDrive("Documents", ["Reports/2026.pdf"], id: driveId);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());

        var buckets = await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();
        var root = await (await ListAsync(client, id, (string)buckets.Bucket("Documents")["id"]!)).ShouldBeOkJsonObjectAsync();
        var reports = await (await ListAsync(client, id, (string)root["data"]![0]!["id"]!, "/Reports/")).ShouldBeOkJsonObjectAsync();

        Assert.Equal(driveId, (string?)buckets.Bucket("Documents")["id"]);
        Assert.Equal(["Reports/2026.pdf"], reports.Paths());
        Assert.Equal($"{driveId}/{drive.ItemAt("Reports/2026.pdf").Id}", (string?)reports["data"]![0]!["id"]);
    }

    [Fact]
    public async Task Graph_asking_to_wait_longer_than_is_waited_for_is_INTERNAL_ERROR_with_its_Retry_After()
    {
        var user = _graph.AddUser();
        var drive = user.AddDrive("OneDrive", Tree);
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, user.TokenResponse());
        _graph.Failures.Enqueue((503, "serviceNotAvailable", "30"));

        var response = await ListAsync(client, id, drive.Id);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "serviceNotAvailable");
        Assert.Equal("30", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Single(_graph.RequestsTo($"/v1.0/drives/{drive.Id}/"));
    }

    public void Dispose() => _app.Dispose();

    private static async Task<Guid> InsertAsync(HttpClient client, string tokenResponse)
    {
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, OneDriveContractFixture.AccountWith("My OneDrive", tokenResponse)))
            .ShouldBeOkJsonObjectAsync();
        return Guid.Parse((string)created["id"]!);
    }

    private static Task<HttpResponseMessage> ListAsync(
        HttpClient client, Guid accountId, string id, string path = "/", int count = 1000, string? token = null) =>
        client.ListObjectsByIdAsync(accountId, id, path, token, count);
}
