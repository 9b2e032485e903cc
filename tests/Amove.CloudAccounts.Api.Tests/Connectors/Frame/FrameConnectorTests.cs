using System.Globalization;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.Contract;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Frame;

/// <summary>What is particular to Frame.io, through the API against <see cref="FakeFrame"/>.</summary>
[Collection(ApiCollection.Name)]
public sealed class FrameConnectorTests(CloudAccountsApiFactory api) : IDisposable
{
    private readonly FakeFrame _frame = FakeFrame.Shared;
    private readonly TestTenant _tenant = new();
    private WebApplicationFactory<Program>? _app;

    private WebApplicationFactory<Program> App => _app ??= AppWith([]);

    [Fact]
    public async Task Pages_follow_the_after_cursor_of_links_next_with_the_count_as_page_size()
    {
        using var client = App.CreateClientFor(_tenant.Owner);
        var user = _frame.AddUser();
        var project = user.Accounts[0].AddProject("Reel", Enumerable.Range(1, 5).Select(i => $"shot-{i}.mov"));
        var id = await InsertAsync(client, user);
        var bucketId = $"{user.Accounts[0].Id}/{project.Root.Id}";

        var first = await ListAsync(client, id, bucketId, count: 3);
        var second = await ListAsync(client, id, bucketId, count: 3, token: (string)first["continuationToken"]!);

        Assert.Equal(["shot-1.mov", "shot-2.mov", "shot-3.mov"], first.Paths());
        Assert.Equal(["shot-4.mov", "shot-5.mov"], second.Paths());
        Assert.Null(second["continuationToken"]);
        var listings = _frame.RequestsOf(user).Where(request => request.Path.EndsWith("/children", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, listings.Count);
        Assert.All(listings, request => Assert.Equal($"/v4/accounts/{user.Accounts[0].Id}/folders/{project.Root.Id}/children", request.Path));
        Assert.Equal("3", Query(listings[0])["page_size"]);
        Assert.False(Query(listings[0]).ContainsKey("after"));
        Assert.Equal("3", Query(listings[1])["page_size"]);
        Assert.Equal(Convert.ToBase64String("3"u8.ToArray()), Query(listings[1])["after"]);
    }

    [Fact]
    public async Task A_count_over_100_asks_for_Frame_ios_largest_page()
    {
        using var client = App.CreateClientFor(_tenant.Owner);
        var user = _frame.AddUser();
        var project = user.Accounts[0].AddProject("Reel", ["a.mov"]);
        var id = await InsertAsync(client, user);

        await ListAsync(client, id, $"{user.Accounts[0].Id}/{project.Root.Id}", count: 1000);

        var listing = _frame.RequestsOf(user).Single(request => request.Path.EndsWith("/children", StringComparison.Ordinal));
        Assert.Equal("100", Query(listing)["page_size"]);
    }

    [Fact]
    public async Task The_projects_of_every_account_are_the_buckets_across_every_page_of_accounts_and_projects()
    {
        using var client = App.CreateClientFor(_tenant.Owner);
        var user = _frame.AddUser();
        user.Accounts.Add(new FakeFrame.Account());
        user.ShortPages = 2;
        var projects = new[]
        {
            user.Accounts[0].AddProject("Ads", []), user.Accounts[0].AddProject("Docs", []), user.Accounts[0].AddProject("Feature", []),
            user.Accounts[1].AddProject("Promo", []),
        };
        var id = await InsertAsync(client, user);

        var body = await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["Ads", "Docs", "Feature", "Promo"], body.BucketNames());
        Assert.Equal(
            [.. projects[..3].Select(p => $"{user.Accounts[0].Id}/{p.Root.Id}"), $"{user.Accounts[1].Id}/{projects[3].Root.Id}"],
            body["data"]!.AsArray().Select(bucket => (string)bucket!["id"]!));
        var projectPages = _frame.RequestsOf(user).Where(request => request.Path == $"/v4/accounts/{user.Accounts[0].Id}/projects").ToList();
        Assert.Equal(2, projectPages.Count);
        Assert.All(projectPages, page => Assert.Equal("100", Query(page)["page_size"]));
        Assert.Equal(Convert.ToBase64String("2"u8.ToArray()), Query(projectPages[1])["after"]);
    }

    [Fact]
    public async Task A_bucket_listing_longer_than_MaxPagesPerRequest_pages_is_INTERNAL_ERROR()
    {
        using var app = AppWith(new() { ["Connectors:MaxPagesPerRequest"] = "3" });
        using var client = app.CreateClientFor(_tenant.Owner);
        var user = _frame.AddUser();
        user.ShortPages = 1;
        foreach (var name in new[] { "One", "Two", "Three" })
        {
            user.Accounts[0].AddProject(name, []);
        }

        var id = await InsertAsync(client, user);

        var response = await client.ListBucketsAsync(id);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "more than 3 pages");
        Assert.Equal(3, _frame.RequestsOf(user).Count(request => request.Path.StartsWith("/v4/accounts", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Folders_come_first_and_a_version_stack_is_one_file_with_its_size_and_UTC_time()
    {
        using var client = App.CreateClientFor(_tenant.Owner);
        var user = _frame.AddUser();
        var project = user.Accounts[0].AddProject("Reel", ["b-roll/take.mov"]);
        project.Root.AddVersionStack("a-cut.mov", 123_456_789_012);
        project.Root.AddFile("notes.pdf", 2048, "2026-11-30T23:45:00.000000-08:00");
        var id = await InsertAsync(client, user);

        var page = await ListAsync(client, id, $"{user.Accounts[0].Id}/{project.Root.Id}");

        Assert.Equal(["b-roll/", "a-cut.mov", "notes.pdf"], page.Paths());
        Assert.Equal([2, 1, 1], page["data"]!.AsArray().Select(o => (int)o!["type"]!));
        Assert.Equal([0L, 123_456_789_012L, 2048L], page["data"]!.AsArray().Select(o => (long)o!["size"]!));
        var notes = DateTimeOffset.Parse((string)page["data"]![2]!["lastModifiedUtc"]!, CultureInfo.InvariantCulture);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 7, 45, 0, TimeSpan.Zero), notes);
        Assert.Equal($"{user.Accounts[0].Id}/{project.Find("b-roll").Id}", (string?)page["data"]![0]!["id"]);
    }

    [Fact]
    public async Task A_bare_folder_id_is_found_in_the_users_only_account()
    {
        using var client = App.CreateClientFor(_tenant.Owner);
        var user = _frame.AddUser();
        var project = user.Accounts[0].AddProject("Reel", ["dailies/day-1.mov"]);
        var id = await InsertAsync(client, user);

        var page = await ListAsync(client, id, project.Find("dailies").Id, path: "/dailies/");

        Assert.Equal(["dailies/day-1.mov"], page.Paths());
    }

    [Fact]
    public async Task The_insert_checks_the_token_with_the_current_user()
    {
        using var client = App.CreateClientFor(_tenant.Owner);
        var user = _frame.AddUser();

        await InsertAsync(client, user);

        var check = Assert.Single(_frame.RequestsOf(user));
        Assert.Equal(("GET", "/v4/me"), (check.Method, check.Path));
        Assert.Equal($"Bearer {user.Tokens.AccessToken}", check.Authorization);
    }

    [Fact]
    public async Task A_folder_Frame_io_does_not_know_is_NOT_FOUND_with_its_reason()
    {
        using var client = App.CreateClientFor(_tenant.Owner);
        var user = _frame.AddUser();
        var id = await InsertAsync(client, user);

        var response = await client.PostJsonAsync(
            CloudAccountApi.ListObjects, new { cloudAccountId = id, id = $"{user.Accounts[0].Id}/{Guid.NewGuid()}", path = "/gone/" });

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND", "Not Found: The resource could not be found");
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_at_Adobe_IMS_and_the_new_refresh_token_is_the_one_used_next_time()
    {
        using var client = App.CreateClientFor(_tenant.Owner);
        var user = _frame.AddUser();
        var project = user.Accounts[0].AddProject("Reel", ["a.mov"]);
        var original = user.Tokens;
        var id = await InsertAsync(client, user);

        _frame.Expire(user);
        await ListAsync(client, id, $"{user.Accounts[0].Id}/{project.Root.Id}");
        var renewed = user.Tokens;
        _frame.Expire(user);
        var page = await ListAsync(client, id, $"{user.Accounts[0].Id}/{project.Root.Id}");

        Assert.Equal(["a.mov"], page.Paths());
        var refreshes = _frame.RequestsOf(user).Where(request => request.Path == "/ims/token/v3").ToList();
        Assert.Equal(2, refreshes.Count);
        Assert.Contains($"refresh_token={original.RefreshToken}", refreshes[0].Body);
        Assert.Contains($"refresh_token={renewed.RefreshToken}", refreshes[1].Body);
        Assert.All(refreshes, refresh => Assert.Contains("client_id=amove-frame-client", refresh.Body));
        Assert.Equal($"Bearer {user.Tokens.AccessToken}", _frame.RequestsOf(user).Last().Authorization);
    }

    public void Dispose() => _app?.Dispose();

    private WebApplicationFactory<Program> AppWith(Dictionary<string, string> settings) => api.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Connectors:Frame:ApiBaseUrl", FakeFrame.Shared.Url.ToString());
        builder.UseSetting("Connectors:Frame:TokenUrl", FakeFrame.Shared.TokenUrl.ToString());
        builder.UseSetting("Connectors:Frame:ClientId", "amove-frame-client");
        builder.UseSetting("Connectors:Frame:ClientSecret", "amove-frame-secret");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    });

    private static async Task<Guid> InsertAsync(HttpClient client, FakeFrame.User user)
    {
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, FrameContractFixture.AccountWith(user.Tokens, "Frame.io")))
            .ShouldBeOkJsonObjectAsync();
        return Guid.Parse((string)created["id"]!);
    }

    private static async Task<JsonObject> ListAsync(HttpClient client, Guid id, string folderId, int? count = null, string? token = null, string path = "/") =>
        await (await client.ListObjectsByIdAsync(id, folderId, path, token, count)).ShouldBeOkJsonObjectAsync();

    private static Dictionary<string, string?> Query(FrameRequest request) =>
        QueryHelpers.ParseQuery(request.Query).ToDictionary(pair => pair.Key, pair => (string?)pair.Value);
}
