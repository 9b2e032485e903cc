using System.Net;
using System.Text;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.IDriveE2;

/// <summary>Hosted storage on IDrive e2, end to end: through the HTTP API, to the reseller API and to the region's S3 server.</summary>
[Collection(IDriveE2HostedStorageCollection.Name)]
public sealed class IDriveE2ProvisioningTests(IDriveE2HostedStorage storage)
{
    private const string CreateUser = "create_user";
    private const string RemoveUser = "remove_user";
    private const string EnableUserRegion = "enable_user_region";
    private const string RemoveUserRegion = "remove_user_region";
    private const string CreateAccessKey = "create_access_key";
    private const string RemoveAccessKey = "remove_access_key";

    private readonly CloudAccountsApiFactory _api = storage.Api;
    private readonly FakeIDriveE2Server _e2 = storage.E2;
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task Provisioning_creates_the_e2_user_its_region_and_key_in_order_and_answers_the_masked_internal_account_whose_bucket_exists()
    {
        var e2User = IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Perform);
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var created = await (await owner.AddStorageAsync("OR", storageTier: 1, defaultPassword: "Given-Password-9")).ShouldBeOkJsonObjectAsync();

        Assert.Equal([CreateUser, EnableUserRegion, CreateAccessKey], IDriveE2HostedStorage.OperationsFor(_e2, e2User));
        var requests = _e2.Requests.Where(r => (r.Operation is CreateUser or EnableUserRegion or CreateAccessKey) && (string?)r.Json["email"] == e2User).ToList();
        Assert.All(requests, r => Assert.Equal(FakeIDriveE2Server.ApiKey, r.Token));
        Assert.All(requests, r => Assert.StartsWith("application/json", r.ContentType));
        Assert.Equal(
            [("PUT", "/api/reseller/v1/create_user"), ("POST", "/api/reseller/v1/enable_user_region"), ("POST", "/api/reseller/v1/create_access_key")],
            requests.Select(r => (r.Method, r.Path)));
        var createUser = requests[0].Json;
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("Given-Password-9")), (string?)createUser["password"]);
        Assert.Equal(1024, (long)createUser["quota"]!);
        Assert.False((bool)createUser["email_notification"]!);
        Assert.Equal("OR", (string?)requests[1].Json["region"]);
        var createKey = requests[2].Json;
        Assert.Equal((IDriveE2HostedStorage.ServiceUrl, "amove-or", 2), ((string?)createKey["storage_dn"], (string?)createKey["name"], (int)createKey["permission"]!));

        Assert.Equal(8, (int)created["cloudType"]!);
        Assert.True((bool)created["internalStorage"]!);
        Assert.Equal(1, (int)created["storageTier"]!);
        Assert.Equal(IDriveE2HostedStorage.ServiceUrl, (string?)created["serviceUrl"]);
        Assert.Equal("S3R*****", (string?)created["accessKey"]);
        Assert.Equal("**********", (string?)created["secretKey"]);
        Assert.Equal("Amove Storage Oregon Perform", (string?)created["name"]);

        var bucket = await _api.ScalarAsync<string>("SELECT bucket_name FROM hosted_storages WHERE cloud_account_id = $1", created.Id());
        Assert.Contains(bucket, await owner.BucketNamesAsync(created.Id()));
        var key = Assert.Single(_e2.Users[e2User].Keys);
        var revealed = Assert.Single(await owner.GetAmoveStorageAsync());
        Assert.Equal(
            (key.AccessKey, key.SecretKey, IDriveE2HostedStorage.ServiceUrl),
            ((string?)revealed!["access_key"], (string?)revealed["secret_key"], (string?)revealed["service_url"]));
    }

    [Fact]
    public async Task A_second_region_of_the_same_tier_enables_it_for_the_same_e2_user_without_creating_another()
    {
        var e2User = IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Archive);
        using var owner = _api.CreateClientFor(_tenant.Owner);

        await (await owner.AddStorageAsync("OR", storageTier: 8)).ShouldBeOkJsonObjectAsync();
        await (await owner.AddStorageAsync("VA", storageTier: 8)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(
            [CreateUser, EnableUserRegion, CreateAccessKey, EnableUserRegion, CreateAccessKey], IDriveE2HostedStorage.OperationsFor(_e2, e2User));
        Assert.Equal(["OR", "VA"], _e2.Users[e2User].StorageDns.Keys.Order());
        Assert.Equal(2, (await owner.GetAllDataAsync()).Count);
    }

    [Theory]
    [InlineData("us-or")]
    [InlineData("US-OR")]
    public async Task A_region_named_by_its_code_is_provisioned_in_that_region(string regionName)
    {
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var created = await (await owner.AddStorageAsync(regionName, storageTier: 2)).ShouldBeOkJsonObjectAsync();

        Assert.Equal("Amove Storage Oregon Global", (string?)created["name"]);
        Assert.Equal("OR", await _api.ScalarAsync<string>("SELECT region_code FROM hosted_storages WHERE cloud_account_id = $1", created.Id()));
        Assert.Equal(["OR"], _e2.Users[IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Global)].StorageDns.Keys);
    }

    [Fact]
    public async Task When_e2_cannot_create_the_key_the_region_and_the_user_are_removed_again_and_its_message_is_answered()
    {
        await using var e2 = await IDriveE2HostedStorage.StartE2Async();
        e2.Answer(CreateAccessKey, 500, FakeIDriveE2Server.ErrorBody("api_error", "request_processing_failed", "Unable to process this request, please try again later"));
        await using var api = storage.WithE2(e2);
        var e2User = IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Perform);
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.AddStorageAsync("OR", storageTier: 1);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "Unable to process this request, please try again later");
        Assert.Equal([CreateUser, EnableUserRegion, CreateAccessKey, RemoveUserRegion, RemoveUser], IDriveE2HostedStorage.OperationsFor(e2, e2User));
        Assert.Empty(e2.Users);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task When_the_region_refuses_the_first_bucket_the_key_the_region_and_the_user_are_removed_again()
    {
        await using var region = LoopbackHttpServer.AnsweringS3Error(403, "Forbidden", "AccessDenied", "Bucket creation is not allowed here.");
        await using var e2 = await IDriveE2HostedStorage.StartE2Async();
        e2.StorageDnFor = _ => region.Url.AbsoluteUri;
        await using var api = storage.WithE2(e2, [new("Outbound:AllowedHosts:10", region.HostAndPort)]);
        var e2User = IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Perform);
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.AddStorageAsync("OR", storageTier: 1);

        await response.ShouldBeAmoveErrorAsync("ACCESS", "AccessDenied");
        Assert.Equal(
            [CreateUser, EnableUserRegion, CreateAccessKey, RemoveAccessKey, RemoveUserRegion, RemoveUser], IDriveE2HostedStorage.OperationsFor(e2, e2User));
        var removeKey = Assert.Single(e2.RequestsTo(RemoveAccessKey)).Json;
        Assert.Equal((TestEnvironment.S3AccessKey, region.Url.AbsoluteUri), ((string?)removeKey["access_key"], (string?)removeKey["storage_dn"]));
        Assert.Empty(e2.Users);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData(CreateUser, new[] { CreateUser })]
    [InlineData(EnableUserRegion, new[] { CreateUser, EnableUserRegion, RemoveUser })]
    public async Task When_e2_refuses_the_reseller_key_midway_the_user_gets_INTERNAL_ERROR_not_our_401_and_nothing_is_kept(
        string refusedOperation, string[] expectedOperations)
    {
        await using var e2 = await IDriveE2HostedStorage.StartE2Async();
        e2.Answer(refusedOperation, 401, FakeIDriveE2Server.ErrorBody("invalid_request_error", "unauthorized", "Authentication header missing/invalid"));
        await using var api = storage.WithE2(e2);
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.AddStorageAsync("OR", storageTier: 1);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "IDrive e2 refused this server's reseller API key");
        Assert.Equal(expectedOperations, IDriveE2HostedStorage.OperationsFor(e2, IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Perform)));
        Assert.Empty(e2.Users);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Deleting_one_of_two_regions_removes_its_key_and_region_but_keeps_the_e2_user()
    {
        var e2User = IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Scale);
        await _api.ProvisionAsync(_tenant.Owner, "OR", storageTier: 4);
        var virginia = await _api.ProvisionAsync(_tenant.Owner, "VA", storageTier: 4);
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(virginia.Id()));

        Assert.Equal("true", (await response.ShouldBeOkJsonAsync()).ToJsonString());
        Assert.Equal([RemoveAccessKey, RemoveUserRegion], IDriveE2HostedStorage.OperationsFor(_e2, e2User).Skip(5));
        Assert.Equal(["OR"], _e2.Users[e2User].StorageDns.Keys);
        Assert.Single(_e2.Users[e2User].Keys);
        Assert.Single(await owner.GetAllDataAsync());
    }

    [Fact]
    public async Task Deleting_the_last_storage_of_a_tier_removes_its_key_its_region_and_the_e2_user()
    {
        var e2User = IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Perform);
        var created = await _api.ProvisionAsync(_tenant.Owner, "LDN", storageTier: 1);
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(created.Id()));

        Assert.Equal("true", (await response.ShouldBeOkJsonAsync()).ToJsonString());
        Assert.Equal(
            [CreateUser, EnableUserRegion, CreateAccessKey, RemoveAccessKey, RemoveUserRegion, RemoveUser], IDriveE2HostedStorage.OperationsFor(_e2, e2User));
        Assert.False(_e2.Users.ContainsKey(e2User));
        Assert.Empty(await owner.GetAllDataAsync());
        Assert.Empty(await owner.GetAmoveStorageAsync());
    }

    [Fact]
    public async Task When_e2_cannot_remove_the_region_the_storage_is_kept_and_e2s_message_is_answered()
    {
        await using var e2 = await IDriveE2HostedStorage.StartE2Async();
        await using var api = storage.WithE2(e2);
        using var owner = api.CreateClientFor(_tenant.Owner);
        var created = await (await owner.AddStorageAsync("OR", storageTier: 1)).ShouldBeOkJsonObjectAsync();
        e2.Answer(RemoveUserRegion, 500, FakeIDriveE2Server.ErrorBody("api_error", "request_processing_failed", "Unable to process this request, please try again later"));

        var response = await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(created.Id()));

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "Unable to process this request, please try again later");
        Assert.DoesNotContain(RemoveUser, IDriveE2HostedStorage.OperationsFor(e2, IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Perform)));
        Assert.Single(await owner.GetAllDataAsync(), a => (string?)a!["id"] == created.Id().ToString());
        Assert.Single(await owner.GetAmoveStorageAsync());
        Assert.Equal((1L, 1L, 1L), await storage.RowsOfAsync(_tenant.Owner));
        Assert.Equal(0L, await _api.ScalarAsync<long>("SELECT count(*) FROM hosted_storages WHERE user_id = $1 AND deleted_at IS NOT NULL", _tenant.Owner.Id));
    }

    [Fact]
    public async Task A_delete_that_removed_the_key_but_not_the_region_succeeds_when_tried_again()
    {
        await using var e2 = await IDriveE2HostedStorage.StartE2Async();
        await using var api = storage.WithE2(e2);
        using var owner = api.CreateClientFor(_tenant.Owner);
        var created = await (await owner.AddStorageAsync("OR", storageTier: 1)).ShouldBeOkJsonObjectAsync();
        e2.Answer(RemoveUserRegion, 500, FakeIDriveE2Server.ErrorBody("api_error", "request_processing_failed", "Unable to process this request, please try again later"));
        await (await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(created.Id()))).ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "Unable to process this request, please try again later");
        e2.AnswerAsUsual(RemoveUserRegion);

        var retried = await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(created.Id()));

        Assert.True((bool)(await retried.ShouldBeOkJsonAsync()).AsValue());
        var e2User = IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Perform);
        Assert.Equal(2, IDriveE2HostedStorage.OperationsFor(e2, e2User).Count(operation => operation == RemoveAccessKey));
        Assert.False(e2.Users.ContainsKey(e2User));
        Assert.Empty(await owner.GetAmoveStorageAsync());
    }

    /// <summary>No row of the caller's storage in any table, and no welcome e-mail queued for it.</summary>
    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal((0L, 0L, 0L), await storage.RowsOfAsync(_tenant.Owner));
        Assert.Equal(0, await storage.QueuedEmailsToAsync(_tenant.Owner.Email));
    }
}
