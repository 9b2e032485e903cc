using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Controllers.CloudAccount;

[Collection(ApiCollection.Name)]
public sealed class ManageShareTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task The_owner_shares_an_account_and_it_becomes_visible_to_the_desktop_admin()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var owner = api.CreateClientFor(_tenant.Owner);
        using var admin = api.CreateClientFor(_tenant.DesktopAdmin);
        Assert.Empty(await admin.GetAllDataAsync());

        var response = await owner.PutJsonAsync(CloudAccountApi.ManageShare, new { id, shared = true });

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.True(await api.ScalarAsync<bool>("SELECT shared FROM cloud_accounts WHERE id = $1", id));
        Assert.Single(await admin.GetAllDataAsync());
    }

    [Fact]
    public async Task Unsharing_takes_effect_at_once()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: true);
        using var owner = api.CreateClientFor(_tenant.Owner);
        using var creative = api.CreateClientFor(_tenant.DesktopCreativeUser);
        Assert.Single(await creative.GetAllDataAsync());

        await (await owner.PutJsonAsync(CloudAccountApi.ManageShare, new { id, shared = false })).ShouldBeOkWithoutBodyAsync();

        Assert.Empty(await creative.GetAllDataAsync());
    }

    [Theory]
    [InlineData(nameof(TestTenant.DesktopAdmin))]
    [InlineData(nameof(TestTenant.DesktopCreativeUser))]
    public async Task A_user_who_sees_a_shared_account_but_does_not_own_it_gets_ACCESS(string who)
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: true);
        using var client = api.CreateClientFor(_tenant.Pick(who));

        var response = await client.PutJsonAsync(CloudAccountApi.ManageShare, new { id, shared = false });

        await response.ShouldBeAmoveErrorAsync("ACCESS", "owner");
        Assert.True(await api.ScalarAsync<bool>("SELECT shared FROM cloud_accounts WHERE id = $1", id));
    }

    [Theory]
    [InlineData(nameof(TestTenant.DesktopStandardUser), true)]
    [InlineData(nameof(TestTenant.DesktopAdmin), false)]
    [InlineData(nameof(TestTenant.OtherAccountAdmin), true)]
    public async Task A_user_who_cannot_see_the_account_is_told_it_does_not_exist(string who, bool shared)
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: shared);
        using var client = api.CreateClientFor(_tenant.Pick(who));

        var response = await client.PutJsonAsync(CloudAccountApi.ManageShare, new { id, shared = !shared });

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
        Assert.Equal(shared, await api.ScalarAsync<bool>("SELECT shared FROM cloud_accounts WHERE id = $1", id));
    }

    [Fact]
    public async Task A_deleted_account_cannot_be_shared()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var owner = api.CreateClientFor(_tenant.Owner);
        await (await owner.DeleteAsync(CloudAccountApi.Delete(id))).ShouldBeOkJsonAsync();

        var response = await owner.PutJsonAsync(CloudAccountApi.ManageShare, new { id, shared = true });

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
    }

    [Theory]
    [InlineData("""{"id":"not-a-uuid","shared":true}""", "'id'")]
    [InlineData("""{"id":"00000000-0000-0000-0000-000000000000","shared":true}""", "'id' is required")]
    [InlineData("""{"shared":true}""", "'id' is required")]
    [InlineData("""{"id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301"}""", "'shared' is required")]
    [InlineData("""{"id":"3f2504e0-4f89-11d3-9a0c-0305e82c3301","shared":"yes"}""", "'shared'")]
    [InlineData("""{"id": """, "not valid JSON")]
    [InlineData("", "body is required")]
    public async Task Bad_input_is_a_499_DEFAULT(string body, string fragment)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PutAsync(CloudAccountApi.ManageShare, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldBeAmoveErrorAsync("DEFAULT", fragment);
    }
}
