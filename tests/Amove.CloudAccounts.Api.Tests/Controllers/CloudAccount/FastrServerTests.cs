using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Controllers.CloudAccount;

/// <summary>Fastr Server accounts are recorded, never connected to, and not browsable.</summary>
[Collection(ApiCollection.Name)]
public sealed class FastrServerTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    private static object FastrAccount(string serviceUrl) => new
    {
        cloudType = 4096,
        name = "Render farm",
        accessKey = "editor",
        secretKey = "fastr-password",
        serviceUrl,
    };

    [Fact]
    public async Task Is_recorded_with_its_credentials_masked_and_without_any_connection_to_it()
    {
        await using var fastr = LoopbackHttpServer.NeverAnswering();
        using var client = api.CreateClientFor(_tenant.Owner);

        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, FastrAccount(fastr.Url.AbsoluteUri))).ShouldBeOkJsonObjectAsync();

        Assert.Equal(4096, (int)created["cloudType"]!);
        Assert.Equal("edi*****", (string?)created["accessKey"]);
        Assert.Equal("**********", (string?)created["secretKey"]);
        Assert.Equal(fastr.Url.AbsoluteUri, (string?)created["serviceUrl"]);
        Assert.Equal(0, fastr.Connections);
        Assert.Single(await client.GetAllDataAsync(), account => (string?)account!["id"] == (string?)created["id"]);
    }

    [Fact]
    public async Task May_live_on_the_users_own_network_since_this_service_never_connects_to_it()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, FastrAccount("http://192.168.1.20:8080"));

        await response.ShouldBeOkJsonObjectAsync();
        Assert.Equal(1L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task Answers_list_buckets_and_list_objects_with_listing_is_not_supported()
    {
        using var client = api.CreateClientFor(_tenant.Owner);
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, FastrAccount("https://fastr.example.com"))).ShouldBeOkJsonObjectAsync();
        var id = Guid.Parse((string)created["id"]!);

        var buckets = await client.ListBucketsAsync(id);
        var objects = await client.ListObjectsAsync(id, "projects", "/");

        await buckets.ShouldBeAmoveErrorAsync("DEFAULT", "Listing is not supported for Fastr Server.");
        await objects.ShouldBeAmoveErrorAsync("DEFAULT", "Listing is not supported for Fastr Server.");
    }

    [Theory]
    [InlineData("""{"cloudType":4096,"name":"x","accessKey":"editor","secretKey":"p"}""", "'serviceUrl' is required for cloudType 4096 (Fastr Server).")]
    [InlineData("""{"cloudType":4096,"name":"x","secretKey":"p","serviceUrl":"https://fastr.example.com"}""", "'accessKey' is required for cloudType 4096 (Fastr Server): the user name.")]
    [InlineData("""{"cloudType":4096,"name":"x","accessKey":"editor","serviceUrl":"https://fastr.example.com"}""", "'secretKey' is required for cloudType 4096 (Fastr Server): the password.")]
    public async Task Needs_its_url_user_name_and_password(string body, string message)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostRawAsync(CloudAccountApi.Insert, body);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", message);
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }
}
