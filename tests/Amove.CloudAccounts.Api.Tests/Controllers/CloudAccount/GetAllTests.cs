using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Controllers.CloudAccount;

[Collection(ApiCollection.Name)]
public sealed class GetAllTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task Returns_a_DTOCollection_with_the_exact_cloud_account_shape_and_masked_credentials()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, "My S3");
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["data", "total", "options"], body.PropertyNames());
        Assert.Equal(1, (int)body["total"]!);
        Assert.Equal("""{"pageSize":0,"page":0,"sort":[{"field":"Name","descending":false}]}""", body["options"]!.ToJsonString());
        var account = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal(
            ["id", "accountId", "userId", "cloudType", "name", "accessKey", "secretKey", "credentialsData",
             "serviceUrl", "active", "shared", "internalStorage", "storageTier"],
            account.PropertyNames());
        Assert.Equal(id.ToString(), (string?)account["id"]);
        Assert.Equal(_tenant.AccountId.ToString(), (string?)account["accountId"]);
        Assert.Equal(_tenant.Owner.Id.ToString(), (string?)account["userId"]);
        Assert.Equal(8, (int)account["cloudType"]!);
        Assert.Equal("My S3", (string?)account["name"]);
        Assert.Equal("S3R*****", (string?)account["accessKey"]);
        Assert.Equal("**********", (string?)account["secretKey"]);
        Assert.Null(account["credentialsData"]);
        Assert.Equal(TestEnvironment.S3Url.ToString().TrimEnd('/'), (string?)account["serviceUrl"]);
        Assert.True((bool)account["active"]!);
        Assert.False((bool)account["shared"]!);
        Assert.False((bool)account["internalStorage"]!);
        Assert.Equal(0, (int)account["storageTier"]!);
    }

    [Fact]
    public async Task An_owner_sees_only_their_own_accounts_sorted_by_name()
    {
        await api.ConnectS3GenericAsync(_tenant.Owner, "Zeta");
        await api.ConnectS3GenericAsync(_tenant.Owner, "Alpha");
        await api.ConnectS3GenericAsync(_tenant.DesktopStandardUser, "Someone else's");
        using var client = api.CreateClientFor(_tenant.Owner);

        var names = (await client.GetAllDataAsync()).Select(a => (string)a!["name"]!);

        Assert.Equal(["Alpha", "Zeta"], names);
    }

    [Fact]
    public async Task Desktop_admins_and_creative_users_also_see_shared_accounts_of_their_amove_account_only()
    {
        await api.ConnectS3GenericAsync(_tenant.Owner, "Shared", shared: true);
        await api.ConnectS3GenericAsync(_tenant.Owner, "Private");
        await api.ConnectS3GenericAsync(_tenant.OtherAccountAdmin, "Other tenant shared", shared: true);

        async Task<string[]> NamesSeenBy(TestUser user)
        {
            using var client = api.CreateClientFor(user);
            return (await client.GetAllDataAsync()).Select(a => (string)a!["name"]!).ToArray();
        }

        Assert.Equal(["Private", "Shared"], await NamesSeenBy(_tenant.Owner));
        Assert.Equal(["Shared"], await NamesSeenBy(_tenant.DesktopAdmin));
        Assert.Equal(["Shared"], await NamesSeenBy(_tenant.DesktopCreativeUser));
        Assert.Empty(await NamesSeenBy(_tenant.DesktopStandardUser));
        Assert.Equal(["Other tenant shared"], await NamesSeenBy(_tenant.OtherAccountAdmin));
    }

    [Fact]
    public async Task Deleted_accounts_are_not_listed()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, "Doomed");
        await api.ConnectS3GenericAsync(_tenant.Owner, "Kept");
        using var client = api.CreateClientFor(_tenant.Owner);
        await (await client.DeleteAsync(CloudAccountApi.Delete(id))).ShouldBeOkJsonAsync();

        var names = (await client.GetAllDataAsync()).Select(a => (string)a!["name"]!);

        Assert.Equal(["Kept"], names);
    }

    [Fact]
    public async Task Pages_and_sorting_are_applied_and_echoed_with_the_total_before_paging()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await api.ConnectS3GenericAsync(_tenant.Owner, name);
        }

        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.GetAsync($"{CloudAccountApi.GetAll}?page=2&pageSize=2&sortField=name&descending=true"))
            .ShouldBeOkJsonObjectAsync();

        Assert.Equal(5, (int)body["total"]!);
        Assert.Equal(["c", "b"], body["data"]!.AsArray().Select(a => (string)a!["name"]!));
        Assert.Equal("""{"pageSize":2,"page":2,"sort":[{"field":"Name","descending":true}]}""", body["options"]!.ToJsonString());
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(1_000_000, 1000)]
    public async Task A_page_past_the_data_is_empty_with_the_total_still_counted(int page, int pageSize)
    {
        await api.ConnectS3GenericAsync(_tenant.Owner, "Only one");
        using var client = api.CreateClientFor(_tenant.Owner);

        var body = await (await client.GetAsync($"{CloudAccountApi.GetAll}?page={page}&pageSize={pageSize}"))
            .ShouldBeOkJsonObjectAsync();

        Assert.Empty(body["data"]!.AsArray());
        Assert.Equal(1, (int)body["total"]!);
        Assert.Equal(page, (int)body["options"]!["page"]!);
    }

    [Theory]
    [InlineData("page=-1", "'page'")]
    [InlineData("page=1000001&pageSize=1", "'page' must be between 0 and 1000000")]
    [InlineData("page=2147483647&pageSize=1000", "'page' must be between 0 and 1000000")]
    [InlineData("pageSize=-5", "'pageSize'")]
    [InlineData("pageSize=5000", "'pageSize'")]
    [InlineData("pageSize=ten", "'pageSize'")]
    [InlineData("sortField=Password", "'sortField'")]
    [InlineData("descending=maybe", "'descending'")]
    public async Task Invalid_paging_or_sorting_is_a_499_DEFAULT_naming_the_parameter(string query, string field)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.GetAsync($"{CloudAccountApi.GetAll}?{query}");

        await response.ShouldBeAmoveErrorAsync("DEFAULT", field);
    }
}
