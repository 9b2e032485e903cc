using System.Globalization;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.Contract;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Box;

/// <summary>What is particular to Box, through the API against <see cref="FakeBox"/>.</summary>
[Collection(ApiCollection.Name)]
public sealed class BoxConnectorTests(CloudAccountsApiFactory api) : IDisposable
{
    private readonly FakeBox _box = FakeBox.Shared;
    private readonly TestTenant _tenant = new();
    private readonly WebApplicationFactory<Program> _app = api.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Connectors:Box:ApiBaseUrl", FakeBox.Shared.Url.ToString());
        builder.UseSetting("Connectors:Box:TokenUrl", FakeBox.Shared.TokenUrl.ToString());
        builder.UseSetting("Connectors:Box:ClientId", "amove-box-client");
        builder.UseSetting("Connectors:Box:ClientSecret", "amove-box-secret");
    });

    [Fact]
    public async Task Sizes_Box_writes_in_exponent_form_are_listed_as_whole_bytes()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var tokens = _box.AddUser([]);
        _box.Find(tokens, "").AddFile("small.mov", "1.2E+4");
        _box.Find(tokens, "").AddFile("large.mov", "1.5E+10");
        _box.Find(tokens, "").AddFile("plain.mov", "7");
        var id = await InsertAsync(client, tokens);

        var page = await ListAsync(client, id, "0");

        Assert.Equal(["large.mov", "plain.mov", "small.mov"], page.Paths());
        Assert.Equal([15_000_000_000L, 7L, 12_000L], page["data"]!.AsArray().Select(o => (long)o!["size"]!));
    }

    [Fact]
    public async Task Modification_times_are_given_in_UTC()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var tokens = _box.AddUser([]);
        _box.Find(tokens, "").AddFile("cut.mov", "5", modifiedAt: "2026-11-30T23:30:00-08:00");
        var id = await InsertAsync(client, tokens);

        var file = (await ListAsync(client, id, "0"))["data"]!.AsArray().Single()!;

        var modified = DateTimeOffset.Parse((string)file["lastModifiedUtc"]!, CultureInfo.InvariantCulture);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 7, 30, 0, TimeSpan.Zero), modified);
        Assert.Equal(TimeSpan.Zero, modified.Offset);
    }

    [Fact]
    public async Task Web_links_and_trashed_items_are_left_out()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var tokens = _box.AddUser(["kept.txt", "old/gone.txt", "bin.txt"]);
        _box.Find(tokens, "").AddWebLink("Company wiki");
        _box.Find(tokens, "old").ItemStatus = "trashed";
        _box.Find(tokens, "bin.txt").ItemStatus = "deleted";
        var id = await InsertAsync(client, tokens);

        var page = await ListAsync(client, id, "0");

        Assert.Equal(["kept.txt"], page.Paths());
    }

    [Fact]
    public async Task The_root_folder_0_is_the_one_bucket_named_as_Box_names_it()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, _box.AddUser(["a.txt"]));

        var body = await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();

        var bucket = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal("0", (string?)bucket["id"]);
        Assert.Equal("All Files", (string?)bucket["name"]);
    }

    [Fact]
    public async Task Pages_are_asked_for_with_usemarker_the_count_as_limit_the_fields_needed_and_the_previous_next_marker()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var tokens = _box.AddUser(Enumerable.Range(1, 5).Select(i => $"f{i}.txt"));
        var id = await InsertAsync(client, tokens);

        var first = await ListAsync(client, id, "0", count: 3);
        await ListAsync(client, id, "0", count: 3, token: (string)first["continuationToken"]!);

        var listings = _box.RequestsOf(tokens).Where(request => request.Path == "/2.0/folders/0/items").ToList();
        Assert.Equal(2, listings.Count);
        Assert.All(listings, request => Assert.Equal($"Bearer {tokens.AccessToken}", request.Authorization));
        var firstQuery = Query(listings[0]);
        Assert.Equal("true", firstQuery["usemarker"]);
        Assert.Equal("3", firstQuery["limit"]);
        Assert.Equal(["id", "item_status", "modified_at", "name", "size", "type"], firstQuery["fields"]!.Split(',').Order());
        Assert.False(firstQuery.ContainsKey("marker"));
        Assert.False(firstQuery.ContainsKey("offset"));
        Assert.False(string.IsNullOrEmpty(Query(listings[1])["marker"]));
    }

    [Fact]
    public async Task A_count_of_1000_asks_Box_for_its_largest_page()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var tokens = _box.AddUser(["a.txt"]);
        var id = await InsertAsync(client, tokens);

        await ListAsync(client, id, "0", count: 1000);

        var listing = _box.RequestsOf(tokens).Single(request => request.Path == "/2.0/folders/0/items");
        Assert.Equal("1000", Query(listing)["limit"]);
    }

    [Fact]
    public async Task The_insert_checks_the_token_with_the_current_user()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var tokens = _box.AddUser([]);

        await InsertAsync(client, tokens);

        var check = Assert.Single(_box.RequestsOf(tokens));
        Assert.Equal(("GET", "/2.0/users/me"), (check.Method, check.Path));
        Assert.Equal($"Bearer {tokens.AccessToken}", check.Authorization);
    }

    [Fact]
    public async Task A_rejected_token_without_a_refresh_token_is_ACCESS_with_Boxs_reason()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var account = new
        {
            cloudType = 256,
            name = "Box",
            credentialsData = new JsonObject { ["access_token"] = "revoked-box-token", ["token_type"] = "bearer" }.ToJsonString(),
        };

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, account);

        await response.ShouldBeAmoveErrorAsync("ACCESS", "invalid_token (The access token provided is invalid.)");
    }

    [Fact]
    public async Task A_folder_Box_does_not_know_is_NOT_FOUND_with_Boxs_code_and_message()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var id = await InsertAsync(client, _box.AddUser(["a.txt"]));

        var response = await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = "123456789", path = "/gone/" });

        await response.ShouldBeAmoveErrorAsync("NOT_FOUND", "not_found (Not Found)");
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_once_and_the_rotated_refresh_token_is_the_one_used_next_time()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var tokens = _box.AddUser(["a.txt"]);
        var id = await InsertAsync(client, tokens);

        _box.Expire(_box.Current(tokens));
        var afterFirstRefresh = await ListAsync(client, id, "0");
        var rotated = _box.Current(tokens);
        _box.Expire(rotated);
        var afterSecondRefresh = await ListAsync(client, id, "0");

        Assert.Equal(["a.txt"], afterFirstRefresh.Paths());
        Assert.Equal(["a.txt"], afterSecondRefresh.Paths());
        var refreshes = _box.RequestsOf(tokens).Where(request => request.Path == "/oauth2/token").ToList();
        Assert.Equal(2, refreshes.Count);
        Assert.Contains($"refresh_token={tokens.RefreshToken}", refreshes[0].Body);
        Assert.Contains($"refresh_token={rotated.RefreshToken}", refreshes[1].Body);
        Assert.All(refreshes, refresh => Assert.Contains("grant_type=refresh_token", refresh.Body));
        Assert.All(refreshes, refresh => Assert.Contains("client_id=amove-box-client", refresh.Body));
        Assert.All(refreshes, refresh => Assert.Contains("client_secret=amove-box-secret", refresh.Body));
        Assert.Equal($"Bearer {_box.Current(tokens).AccessToken}", _box.RequestsOf(tokens).Last().Authorization);
    }

    [Fact]
    public async Task A_rate_limit_with_a_short_Retry_After_is_waited_out_and_the_page_answered()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var tokens = _box.AddUser(["a.txt"]);
        var id = await InsertAsync(client, tokens);
        _box.UserHolding(tokens).Faults.Enqueue(new BoxFault(429, "rate_limit_exceeded", "Request rate limit exceeded, please try again later", RetryAfter: 1));

        var page = await ListAsync(client, id, "0");

        Assert.Equal(["a.txt"], page.Paths());
        Assert.Equal(2, _box.RequestsOf(tokens).Count(request => request.Path == "/2.0/folders/0/items"));
    }

    [Fact]
    public async Task A_rate_limit_asking_for_a_long_wait_is_INTERNAL_ERROR_with_Boxs_reason_and_its_Retry_After()
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var tokens = _box.AddUser(["a.txt"]);
        var id = await InsertAsync(client, tokens);
        _box.UserHolding(tokens).Faults.Enqueue(new BoxFault(429, "rate_limit_exceeded", "Request rate limit exceeded, please try again later", RetryAfter: 30));

        var response = await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = "0" });

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "rate_limit_exceeded (Request rate limit exceeded, please try again later)");
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, _box.RequestsOf(tokens).Count(request => request.Path == "/2.0/folders/0/items"));
    }

    public void Dispose() => _app.Dispose();

    private static async Task<Guid> InsertAsync(HttpClient client, BoxTokens tokens)
    {
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, BoxContractFixture.AccountWith(tokens, "Box"))).ShouldBeOkJsonObjectAsync();
        return Guid.Parse((string)created["id"]!);
    }

    private static async Task<JsonObject> ListAsync(HttpClient client, Guid id, string folderId, int? count = null, string? token = null) =>
        await (await client.ListObjectsByIdAsync(id, folderId, "/", token, count)).ShouldBeOkJsonObjectAsync();

    private static Dictionary<string, string?> Query(BoxRequest request) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Query).ToDictionary(pair => pair.Key, pair => (string?)pair.Value);
}
