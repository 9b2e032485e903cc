using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

[Collection(S3HostedStorageCollection.Name)]
public sealed class RegionsTests(S3HostedStorage storage)
{
    [Fact]
    public async Task The_configured_regions_are_listed_by_name_and_code()
    {
        using var client = storage.Api.CreateClientFor(new TestTenant().Owner);

        var regions = await (await client.GetAsync(AmoveStorageApi.Regions)).ShouldBeOkJsonAsync();

        Assert.Equal("""[{"name":"Oregon","code":"OR"},{"name":"Virginia","code":"VA"}]""", regions.ToJsonString());
    }

    [Fact]
    public async Task Regions_need_a_token()
    {
        using var client = storage.Api.CreateClientWithToken(null);

        var response = await client.GetAsync(AmoveStorageApi.Regions);

        await response.ShouldBeUnauthorizedWithoutBodyAsync();
    }
}
