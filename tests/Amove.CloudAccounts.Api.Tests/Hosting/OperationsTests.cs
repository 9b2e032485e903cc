using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class OperationsTests(CloudAccountsApiFactory api)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_Healthy_without_a_token(string path)
    {
        using var client = api.CreateClientWithToken(null);

        var response = await client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_fails_when_the_database_is_unreachable_while_liveness_does_not()
    {
        using var broken = api.WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:CloudAccounts", "Host=127.0.0.1;Port=1;Username=nobody;Password=x;Timeout=2")
            .UseSetting("Database:MigrateOnStartup", "false"));
        using var client = broken.CreateClient();

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Another_instance_sharing_the_key_ring_reads_stored_credentials_while_one_with_a_lost_key_ring_is_not_ready()
    {
        var tenant = new TestTenant();
        var id = await api.ConnectS3GenericAsync(tenant.Owner);
        var lostKeys = Directory.CreateTempSubdirectory("amove-lost-keys-").FullName;
        using var sameKeys = api.WithWebHostBuilder(_ => { });
        using var otherKeys = api.WithWebHostBuilder(b => b.UseSetting("DataProtection:KeysDirectory", lostKeys));
        using var sameKeysClient = sameKeys.CreateClientFor(tenant.Owner);
        using var otherKeysClient = otherKeys.CreateClient();

        var listed = await sameKeysClient.PostJsonAsync(CloudAccountApi.ListBuckets, new { cloudAccountId = id, includeRegion = false });
        var ready = await otherKeysClient.GetAsync("/health/ready");

        await listed.ShouldBeOkJsonObjectAsync();
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await sameKeys.CreateClient().GetAsync("/health/ready")).StatusCode);
        Directory.Delete(lostKeys, recursive: true);
    }
}
