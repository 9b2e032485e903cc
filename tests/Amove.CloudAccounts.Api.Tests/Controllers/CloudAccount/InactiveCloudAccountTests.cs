using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Controllers.CloudAccount;

/// <summary>An operator deactivates a cloud account (<c>active = false</c>): to every caller it is as if it did not exist.</summary>
[Collection(ApiCollection.Name)]
public sealed class InactiveCloudAccountTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    public static TheoryData<string> Callers => [nameof(TestTenant.Owner), nameof(TestTenant.DesktopAdmin)];

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Listing_its_buckets_answers_object_not_found(string caller)
    {
        var id = await ConnectSharedAndDeactivateAsync();
        using var client = api.CreateClientFor(_tenant.Pick(caller));

        var response = await client.PostJsonAsync(CloudAccountApi.ListBuckets, new { cloudAccountId = id });

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Listing_its_objects_answers_object_not_found(string caller)
    {
        var id = await ConnectSharedAndDeactivateAsync();
        using var client = api.CreateClientFor(_tenant.Pick(caller));

        var response = await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, bucketName = "any-bucket" });

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
    }

    [Fact]
    public async Task Its_owner_cannot_change_its_sharing_and_nothing_is_written()
    {
        var id = await ConnectSharedAndDeactivateAsync();
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.PutJsonAsync(CloudAccountApi.ManageShare, new { id, shared = false });

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
        Assert.True(await api.ScalarAsync<bool>("SELECT shared FROM cloud_accounts WHERE id = $1", id));
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task It_cannot_be_deleted_and_stays_recorded(string caller)
    {
        var id = await ConnectSharedAndDeactivateAsync();
        using var client = api.CreateClientFor(_tenant.Pick(caller));

        var response = await client.DeleteAsync(CloudAccountApi.Delete(id));

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
        Assert.Null(await api.ScalarAsync<DateTime?>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id));
    }

    [Fact]
    public async Task It_is_left_out_of_get_all_while_the_callers_other_accounts_are_listed()
    {
        await ConnectSharedAndDeactivateAsync();
        await api.ConnectS3GenericAsync(_tenant.Owner, "Still active");
        using var owner = api.CreateClientFor(_tenant.Owner);

        var data = await owner.GetAllDataAsync();

        Assert.Equal(["Still active"], data.Select(a => (string)a!["name"]!));
    }

    [Fact]
    public async Task Reactivated_it_is_browsable_again()
    {
        var id = await ConnectSharedAndDeactivateAsync();
        await api.ScalarAsync<object>("UPDATE cloud_accounts SET active = true WHERE id = $1", id);
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.PostJsonAsync(CloudAccountApi.ListBuckets, new { cloudAccountId = id });

        await response.ShouldBeOkJsonObjectAsync();
    }

    private async Task<Guid> ConnectSharedAndDeactivateAsync()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, "Deactivated", shared: true);
        await api.ScalarAsync<object>("UPDATE cloud_accounts SET active = false WHERE id = $1", id);
        return id;
    }
}
