using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.AmoveStorage;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

[Collection(S3HostedStorageCollection.Name)]
public sealed class DeleteStorageTests(S3HostedStorage storage)
{
    private const string RemoveUser = nameof(IAmoveStorageHost.RemoveUserAsync);
    private const string DisableRegion = nameof(IAmoveStorageHost.DisableRegionAsync);

    private readonly CloudAccountsApiFactory _api = storage.Api;
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task The_owner_deletes_the_last_storage_of_a_tier_which_decommissions_the_host_user_and_disappears_everywhere()
    {
        var recorder = new RecordingStorageHost();
        await using var api = storage.WithRecordedHost(recorder);
        var id = (await _api.ProvisionAsync(_tenant.Owner, shared: true)).Id();
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(id));

        Assert.Equal("true", (await response.ShouldBeOkJsonAsync()).ToJsonString());
        Assert.Equal([DisableRegion, RemoveUser], recorder.Calls);
        Assert.Empty(await owner.GetAllDataAsync());
        Assert.Empty(await owner.GetAmoveStorageAsync());
        using var admin = _api.CreateClientFor(_tenant.DesktopAdmin);
        Assert.Empty(await admin.GetAmoveStorageAsync());
        Assert.NotNull(await _api.ScalarAsync<DateTime?>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id));
        Assert.NotNull(await _api.ScalarAsync<DateTime?>("SELECT deleted_at FROM hosted_storages WHERE cloud_account_id = $1", id));
        Assert.Equal(0L, await _api.ScalarAsync<long>(
            "SELECT count(*) FROM storage_subscriptions WHERE user_id = $1 AND deleted_at IS NULL", _tenant.Owner.Id));
    }

    [Fact]
    public async Task Deleting_one_region_of_a_tier_keeps_the_host_user_for_the_other()
    {
        var recorder = new RecordingStorageHost();
        await using var api = storage.WithRecordedHost(recorder);
        var oregon = (await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Oregon, storageTier: 2)).Id();
        var virginia = (await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Virginia, storageTier: 2)).Id();
        using var owner = api.CreateClientFor(_tenant.Owner);

        await (await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(oregon))).ShouldBeOkJsonAsync();

        Assert.Equal([DisableRegion], recorder.Calls);
        Assert.Equal(virginia.ToString(), (string?)Assert.Single(await owner.GetAllDataAsync())!["id"]);
        Assert.Equal(1L, await _api.ScalarAsync<long>(
            "SELECT count(*) FROM storage_subscriptions WHERE user_id = $1 AND deleted_at IS NULL", _tenant.Owner.Id));
    }

    [Fact]
    public async Task A_deleted_storage_can_be_provisioned_again_in_the_same_region_and_tier()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Oregon, storageTier: 8)).Id();
        using var owner = _api.CreateClientFor(_tenant.Owner);
        await (await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(id))).ShouldBeOkJsonAsync();

        var again = await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Oregon, storageTier: 8);

        Assert.NotEqual(id, again.Id());
        Assert.Single(await owner.GetAmoveStorageAsync());
    }

    [Fact]
    public async Task When_the_host_refuses_nothing_is_deleted()
    {
        var recorder = new RecordingStorageHost { Failing = DisableRegion };
        await using var api = storage.WithRecordedHost(recorder);
        var id = (await _api.ProvisionAsync(_tenant.Owner)).Id();
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(id));

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "refuses");
        Assert.Single(await owner.GetAllDataAsync());
        Assert.Single(await owner.GetAmoveStorageAsync());
        Assert.Null(await _api.ScalarAsync<DateTime?>("SELECT deleted_at FROM hosted_storages WHERE cloud_account_id = $1", id));
        Assert.Equal(0, recorder.Count(RemoveUser));
    }

    [Fact]
    public async Task A_desktop_admin_who_sees_a_shared_storage_may_not_delete_it()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner, shared: true)).Id();
        using var admin = _api.CreateClientFor(_tenant.DesktopAdmin);

        var response = await admin.DeleteAsync(AmoveStorageApi.DeleteStorage(id));

        await response.ShouldBeAmoveErrorAsync("ACCESS", "Only the owner of this storage can delete it.");
        Assert.Null(await _api.ScalarAsync<DateTime?>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id));
    }

    [Theory]
    [InlineData(nameof(TestTenant.OtherAccountAdmin), true)]
    [InlineData(nameof(TestTenant.DesktopAdmin), false)]
    [InlineData(nameof(TestTenant.DesktopStandardUser), true)]
    public async Task A_user_who_cannot_see_the_storage_is_told_it_does_not_exist(string who, bool shared)
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner, shared: shared)).Id();
        using var client = _api.CreateClientFor(_tenant.Pick(who));

        var response = await client.DeleteAsync(AmoveStorageApi.DeleteStorage(id));

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
        Assert.Null(await _api.ScalarAsync<DateTime?>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id));
    }

    [Fact]
    public async Task A_user_connected_account_is_refused_as_not_internal_storage()
    {
        var id = await _api.ConnectS3GenericAsync(_tenant.Owner);
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(id));

        await response.ShouldBeAmoveErrorAsync("Global", "Only internal storage can be deleted");
        Assert.Single(await owner.GetAllDataAsync());
    }

    [Fact]
    public async Task The_generic_delete_refuses_internal_storage_and_points_to_idrive_delete_storage()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner)).Id();
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.DeleteAsync(CloudAccountApi.Delete(id));

        await response.ShouldBeAmoveErrorAsync("Global", "idrive_delete_storage");
        Assert.Single(await owner.GetAmoveStorageAsync());
    }

    [Fact]
    public async Task A_deleted_storage_cannot_be_deleted_again()
    {
        var id = (await _api.ProvisionAsync(_tenant.Owner)).Id();
        using var owner = _api.CreateClientFor(_tenant.Owner);
        await (await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(id))).ShouldBeOkJsonAsync();

        var response = await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(id));

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
    }
}
