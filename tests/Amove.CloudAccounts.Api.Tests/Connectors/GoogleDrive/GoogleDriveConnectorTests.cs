using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Amove.CloudAccounts.Api.Tests.Connectors.GoogleDrive;

/// <summary>
/// What is particular to Google Drive, through the API against <see cref="FakeGoogleDrive"/>: My Drive and shared drives
/// as buckets, the all-drives flags and the shared drive's corpus on every listing, trashed items left out, Google Docs
/// without a size, Drive's short pages, folders that are gone, and its rate-limit 403s.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GoogleDriveConnectorTests(CloudAccountsApiFactory api) : IAsyncLifetime
{
    private const string ListFields = "nextPageToken,incompleteSearch,files(id,name,mimeType,size,modifiedTime)";

    private readonly FakeGoogleDrive _drive = FakeGoogleDrive.Start();
    private readonly TestTenant _tenant = new();
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _app = api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in _drive.Settings)
            {
                builder.UseSetting(key, value);
            }
        });
        _client = _app.CreateClientFor(_tenant.Owner);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _drive.DisposeAsync();
    }

    [Fact]
    public async Task Insert_checks_the_token_by_asking_Drive_who_the_user_is()
    {
        var user = _drive.AddUser();

        await ConnectAsync(user);

        var about = Assert.Single(_drive.RequestsTo("about"));
        Assert.Equal("user", about.Query["fields"]);
        Assert.Equal(user.AccessToken, about.BearerToken);
    }

    [Fact]
    public async Task A_token_Drive_rejects_on_insert_is_ACCESS_with_Drives_reason()
    {
        var user = _drive.AddUser();
        user.RevokeAccessToken();
        var tokens = JsonNode.Parse(user.TokenResponse())!.AsObject();
        tokens.Remove("refresh_token");

        var response = await _client.PostJsonAsync(CloudAccountApi.Insert, new { cloudType = 1024, name = "Drive", credentialsData = tokens.ToJsonString() });

        await response.ShouldBeAmoveErrorAsync("ACCESS", "authError");
    }

    [Fact]
    public async Task Lists_My_Drive_and_every_shared_drive_following_Drives_pages()
    {
        var user = _drive.AddUser();
        var shared = Enumerable.Range(0, 150).Select(i => user.AddSharedDrive($"Team {i:000}")).ToList();
        var id = await ConnectAsync(user);

        var body = await (await _client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["My Drive", .. shared.Select(drive => drive.Name)], body.BucketNames());
        Assert.Equal(["root", .. shared.Select(drive => $"{drive.Id}:{drive.Id}")], body["data"]!.AsArray().Select(b => (string)b!["id"]!));
        Assert.Equal("2025-03-04T05:06:07", ((string)body.Bucket("Team 042")["creationDate"]!)[..19]);
        var pages = _drive.RequestsTo("drives", user);
        Assert.Equal(2, pages.Count);
        Assert.All(pages, page => Assert.Equal("100", page.Query["pageSize"]));
        Assert.False(pages[0].Query.ContainsKey("pageToken"));
        Assert.True(pages[1].Query.ContainsKey("pageToken"));
    }

    [Fact]
    public async Task Browses_a_shared_drive_by_the_ids_it_hands_out_sending_the_all_drives_flags_and_the_drives_corpus()
    {
        var user = _drive.AddUser();
        var team = user.AddSharedDrive("Team");
        var cut = user.AddPath(user.RootOf(team), "Edits/cut.mov");
        user.AddPath(user.RootOf(team), "notes.txt");
        var id = await ConnectAsync(user);
        var teamId = (string)(await (await _client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync()).Bucket("Team")["id"]!;

        var root = await ListAsync(id, teamId, "/");
        var editsId = (string)root["data"]!.AsArray().Single(o => (string?)o!["path"] == "Edits/")!["id"]!;
        var edits = await ListAsync(id, editsId, "/Edits/");

        Assert.Equal(["Edits/", "notes.txt"], root.Paths());
        Assert.Equal(["Edits/cut.mov"], edits.Paths());
        Assert.Equal($"{team.Id}:{cut.Id}", (string?)edits["data"]![0]!["id"]);
        var listings = _drive.RequestsTo("files", user);
        Assert.Equal([$"'{team.Id}' in parents and trashed = false", $"'{cut.ParentId}' in parents and trashed = false"], listings.Select(l => l.Query["q"]));
        Assert.All(listings, listing =>
        {
            Assert.Equal("drive", listing.Query["corpora"]);
            Assert.Equal(team.Id, listing.Query["driveId"]);
            Assert.Equal("true", listing.Query["supportsAllDrives"]);
            Assert.Equal("true", listing.Query["includeItemsFromAllDrives"]);
            Assert.Equal(ListFields, listing.Query["fields"]);
        });
    }

    [Fact]
    public async Task Lists_My_Drive_with_the_all_drives_flags_and_no_drive_corpus()
    {
        var user = _drive.AddUser();
        user.AddPath(user.MyDrive, "a.txt");
        user.AddFolder(user.MyDrive, "Projects");
        var id = await ConnectAsync(user);

        var root = await ListAsync(id, "root", "/");

        Assert.Equal(["Projects/", "a.txt"], root.Paths());
        var listing = Assert.Single(_drive.RequestsTo("files", user));
        Assert.Equal("'root' in parents and trashed = false", listing.Query["q"]);
        Assert.Equal(ListFields, listing.Query["fields"]);
        Assert.Equal("true", listing.Query["supportsAllDrives"]);
        Assert.Equal("true", listing.Query["includeItemsFromAllDrives"]);
        Assert.False(listing.Query.ContainsKey("corpora"));
        Assert.False(listing.Query.ContainsKey("driveId"));
        Assert.Equal(user.AccessToken, listing.BearerToken);
    }

    [Fact]
    public async Task Leaves_trashed_files_and_folders_out()
    {
        var user = _drive.AddUser();
        user.AddPath(user.MyDrive, "kept.txt");
        user.Trash(user.AddPath(user.MyDrive, "binned.txt"));
        user.Trash(user.AddFolder(user.MyDrive, "Old"));
        user.AddFolder(user.MyDrive, "New");
        var id = await ConnectAsync(user);

        var root = await ListAsync(id, "root", "/");

        Assert.Equal(["New/", "kept.txt"], root.Paths());
    }

    [Fact]
    public async Task Google_Docs_are_files_of_size_zero_and_other_sizes_and_times_are_Drives()
    {
        var user = _drive.AddUser();
        user.AddFile(user.MyDrive, "Budget", size: null, mimeType: FakeGoogleDrive.DocumentMimeType);
        user.AddFile(user.MyDrive, "film.mov", size: 12_345_678_901, modified: new DateTimeOffset(2026, 7, 8, 9, 10, 11, TimeSpan.FromHours(2)));
        var id = await ConnectAsync(user);

        var root = await ListAsync(id, "root", "/");

        var doc = root["data"]!.AsArray().Single(o => (string?)o!["name"] == "Budget")!;
        var film = root["data"]!.AsArray().Single(o => (string?)o!["name"] == "film.mov")!;
        Assert.Equal((1, 0L), ((int)doc["type"]!, (long)doc["size"]!));
        Assert.Equal((1, 12_345_678_901L), ((int)film["type"]!, (long)film["size"]!));
        Assert.Equal(new DateTime(2026, 7, 8, 7, 10, 11, DateTimeKind.Utc), ((DateTime)film["lastModifiedUtc"]!).ToUniversalTime());
    }

    [Theory]
    [InlineData(7, "7")]
    [InlineData(1000, "1000")]
    public async Task Asks_Drive_for_count_entries_a_page(int count, string pageSize)
    {
        var user = _drive.AddUser();
        var id = await ConnectAsync(user);

        await (await _client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = "root", count })).ShouldBeOkJsonObjectAsync();

        Assert.Equal(pageSize, Assert.Single(_drive.RequestsTo("files", user)).Query["pageSize"]);
    }

    [Fact]
    public async Task Short_and_empty_pages_before_the_end_are_pages_not_the_end()
    {
        var user = _drive.AddUser();
        var folder = user.AddFolder(user.MyDrive, "many");
        foreach (var i in Enumerable.Range(1, 5))
        {
            user.AddFile(folder, $"file-{i}.bin");
        }

        var id = await ConnectAsync(user);
        foreach (var planned in new[] { 0, 2, 0, 1 })
        {
            user.PagePlan.Enqueue(planned);
        }

        var pages = new List<JsonObject>();
        string? token = null;
        do
        {
            var page = await (await _client.PostJsonAsync(
                CloudAccountApi.ListObjects,
                new JsonObject { ["cloudAccountId"] = id.ToString(), ["id"] = folder.Id, ["path"] = "/many/", ["count"] = 3, ["continuationToken"] = token }
                    .Where(field => field.Value is not null).ToDictionary())).ShouldBeOkJsonObjectAsync();
            pages.Add(page);
            token = (string?)page["continuationToken"];
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([0, 2, 0, 1, 2], pages.Select(page => page.Paths().Length));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"many/file-{i}.bin"), pages.SelectMany(page => page.Paths()));
        Assert.Equal(5, _drive.RequestsTo("files", user).Count);
    }

    [Fact]
    public async Task An_empty_folder_is_an_empty_page()
    {
        var user = _drive.AddUser();
        var empty = user.AddFolder(user.MyDrive, "empty");
        var id = await ConnectAsync(user);

        var page = await ListAsync(id, empty.Id, "/empty/");

        Assert.Empty(page.Paths());
        Assert.Null(page["continuationToken"]);
    }

    [Fact]
    public async Task An_empty_shared_drive_is_an_empty_page_checked_against_the_drive_itself()
    {
        var user = _drive.AddUser();
        var team = user.AddSharedDrive("Empty team");
        var id = await ConnectAsync(user);

        var page = await ListAsync(id, $"{team.Id}:{team.Id}", "/");

        Assert.Empty(page.Paths());
        Assert.Single(_drive.RequestsTo($"drives/{team.Id}", user));
    }

    [Theory]
    [InlineData("deleted", "could not find")]
    [InlineData("trashed", "in the trash")]
    [InlineData("file", "it is a file")]
    public async Task A_folder_that_is_gone_or_a_file_is_NOT_FOUND(string what, string reason)
    {
        var user = _drive.AddUser();
        var folder = what == "file" ? user.AddPath(user.MyDrive, "photo.jpg") : user.AddFolder(user.MyDrive, "photos");
        var id = await ConnectAsync(user);
        if (what == "deleted")
        {
            user.Delete(folder);
        }
        else if (what == "trashed")
        {
            user.Trash(folder);
        }

        var response = await _client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = folder.Id, path = "/photos/" });

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND", reason);
    }

    [Fact]
    public async Task A_shared_drive_that_was_deleted_is_NOT_FOUND()
    {
        var user = _drive.AddUser();
        var team = user.AddSharedDrive("Team");
        var id = await ConnectAsync(user);
        user.DeleteSharedDrive(team);

        var response = await _client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = $"{team.Id}:{team.Id}" });

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND", "Shared drive not found");
    }

    [Theory]
    [InlineData("x' in parents or name contains 'y")]
    [InlineData("../about")]
    [InlineData("a:b:c")]
    public async Task An_id_Drive_could_not_have_issued_is_NOT_FOUND_without_asking_Drive(string folderId)
    {
        var user = _drive.AddUser();
        var id = await ConnectAsync(user);

        var response = await _client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = folderId });

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND");
        Assert.Empty(_drive.RequestsTo("files", user));
    }

    [Fact]
    public async Task A_rate_limit_403_is_INTERNAL_ERROR_with_Retry_After_and_is_not_sent_again()
    {
        var user = _drive.AddUser();
        var id = await ConnectAsync(user);
        _drive.FailNext(403, "userRateLimitExceeded", "User rate limit exceeded.", retryAfter: "30");

        var response = await _client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = "root" });

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "is throttling requests: userRateLimitExceeded: User rate limit exceeded.");
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Single(_drive.RequestsTo("files", user));
    }

    [Fact]
    public async Task A_403_for_a_missing_permission_is_ACCESS()
    {
        var user = _drive.AddUser();
        var id = await ConnectAsync(user);
        _drive.FailNext(403, "insufficientFilePermissions", "The user does not have sufficient permissions for this file.");

        var response = await _client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = "root" });

        await response.ShouldBeAmoveErrorAsync("ACCESS", "insufficientFilePermissions");
    }

    [Fact]
    public async Task A_429_with_Retry_After_then_success_is_retried_once_without_the_client_noticing()
    {
        var user = _drive.AddUser();
        user.AddPath(user.MyDrive, "a.txt");
        var id = await ConnectAsync(user);
        _drive.FailNext(429, "rateLimitExceeded", "Rate limit exceeded.", retryAfter: "1");

        var root = await ListAsync(id, "root", "/");

        Assert.Equal(["a.txt"], root.Paths());
        Assert.Equal(2, _drive.RequestsTo("files", user).Count);
    }

    [Fact]
    public async Task A_token_Drive_no_longer_accepts_is_refreshed_with_the_client_credentials_and_Google_keeps_the_refresh_token()
    {
        var user = _drive.AddUser();
        user.AddPath(user.MyDrive, "a.txt");
        var id = await ConnectAsync(user);
        var first = user.AccessToken;
        user.RevokeAccessToken();

        await ListAsync(id, "root", "/");
        user.RevokeAccessToken();
        var root = await ListAsync(id, "root", "/");

        Assert.Equal(["a.txt"], root.Paths());
        Assert.Equal(2, _drive.TokenRequests);
        var refreshes = _drive.Requests.Where(request => request.Path == "/token").ToList();
        Assert.All(refreshes, refresh =>
        {
            Assert.Equal("refresh_token", refresh.Form["grant_type"]);
            Assert.Equal(user.RefreshToken, refresh.Form["refresh_token"]);
            Assert.Equal(FakeGoogleDrive.ClientId, refresh.Form["client_id"]);
            Assert.Equal(FakeGoogleDrive.ClientSecret, refresh.Form["client_secret"]);
        });
        Assert.Equal(user.AccessToken, _drive.RequestsTo("files", user)[^1].BearerToken);
        Assert.NotEqual(first, user.AccessToken);
    }

    private async Task<Guid> ConnectAsync(DriveUser user)
    {
        var created = await (await _client.PostJsonAsync(
            CloudAccountApi.Insert, new { cloudType = 1024, name = "Drive", credentialsData = user.TokenResponse() })).ShouldBeOkJsonObjectAsync();
        return Guid.Parse((string)created["id"]!);
    }

    private async Task<JsonObject> ListAsync(Guid cloudAccountId, string id, string path) =>
        await (await _client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId, id, path })).ShouldBeOkJsonObjectAsync();
}
