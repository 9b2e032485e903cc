using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.IDriveE2;

/// <summary>How the IDrive e2 settings decide whether, and how, the server starts.</summary>
public sealed class IDriveE2ConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("amove-e2-").FullName;

    [Fact]
    public void The_API_in_Production_refuses_to_start_without_the_reseller_key()
    {
        using var production = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("Database:Provider", "Sqlite")
            .UseSetting("ConnectionStrings:CloudAccounts", $"Data Source={Path.Combine(_directory, "cloudaccounts.db")}")
            .UseSetting("DataProtection:KeysDirectory", _directory)
            // E-mail delivery is required in Production too; this test is about the reseller key.
            .UseSetting("Email:Smtp:Host", "smtp.amove.test")
            .UseSetting("Email:From", "storage@amove.test")
            .UseSetting("Authentication:Schemes:Bearer:ValidIssuer", "amove-test")
            .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", "amove-test")
            .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray())));

        var refusal = Assert.Throws<OptionsValidationException>(() => production.Server);

        Assert.Contains("AmoveStorage:IDriveE2:ApiKey is required in Production", refusal.Message);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Production_without_an_api_key_refuses_to_start_and_says_which_setting_is_missing()
    {
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            IDriveE2Harness.StartAsync(new Dictionary<string, string?>(), environment: "Production"));

        Assert.Contains("AmoveStorage:IDriveE2:ApiKey is required in Production", refusal.Message);
    }

    [Fact]
    public async Task Production_refuses_to_send_the_api_key_over_plain_http()
    {
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => IDriveE2Harness.StartAsync(
            new Dictionary<string, string?>
            {
                ["AmoveStorage:IDriveE2:ApiKey"] = FakeIDriveE2Server.ApiKey,
                ["AmoveStorage:IDriveE2:BaseUrl"] = "http://api.idrivee2.com/api/reseller/v1",
            },
            environment: "Production"));

        Assert.Contains("must use https in Production", refusal.Message);
    }

    [Fact]
    public async Task Production_with_an_api_key_and_the_default_address_starts_on_IDrive_e2()
    {
        await using var harness = await IDriveE2Harness.StartAsync(
            new Dictionary<string, string?> { ["AmoveStorage:IDriveE2:ApiKey"] = FakeIDriveE2Server.ApiKey }, environment: "Production");

        Assert.Equal("IDriveE2StorageHost", harness.Host.GetType().Name);
    }

    [Theory]
    [InlineData("AmoveStorage:IDriveE2:BaseUrl", "not a url", "BaseUrl must be an absolute http or https URL")]
    [InlineData("AmoveStorage:IDriveE2:BaseUrl", "ftp://api.idrivee2.com/", "BaseUrl must be an absolute http or https URL")]
    [InlineData("AmoveStorage:IDriveE2:TimeoutSeconds", "0", "TimeoutSeconds must be between 1 and 300")]
    [InlineData("AmoveStorage:IDriveE2:MaxResponseBytes", "1024", "MaxResponseBytes must be between 65536")]
    [InlineData("AmoveStorage:IDriveE2:UserQuota", "0", "UserQuota must be positive")]
    [InlineData("AmoveStorage:IDriveE2:RegionCacheMinutes", "-1", "RegionCacheMinutes must be between 0 and 1440")]
    public async Task An_invalid_setting_refuses_to_start_anywhere(string key, string value, string problem)
    {
        var refusal = await Assert.ThrowsAsync<OptionsValidationException>(() => IDriveE2Harness.StartAsync(
            new Dictionary<string, string?> { ["AmoveStorage:IDriveE2:ApiKey"] = FakeIDriveE2Server.ApiKey, [key] = value }));

        Assert.Contains(problem, refusal.Message);
    }

    [Fact]
    public async Task Outside_Production_without_an_api_key_the_host_says_it_is_not_configured_and_calls_nobody()
    {
        await using var harness = await IDriveE2Harness.StartAsync(new Dictionary<string, string?>(), environment: "Development");

        var refusal = await Assert.ThrowsAnyAsync<Exception>(() => harness.Host.ListRegionsAsync(CancellationToken.None));

        Assert.Equal("Amove-hosted storage is not configured on this server.", refusal.Message);
    }
}

/// <summary>The IDrive e2 host behind the real API: what a user of idrive_regions sees.</summary>
[Collection(ApiCollection.Name)]
public sealed class IDriveE2ApiTests(CloudAccountsApiFactory api)
{
    private const string Regions = "/api/v1/cloudaccount/idrive_regions";

    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task Without_an_api_key_idrive_regions_answers_that_hosted_storage_is_not_configured()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.GetAsync(Regions);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "Amove-hosted storage is not configured on this server.");
    }

    [Fact]
    public async Task With_an_api_key_idrive_regions_lists_e2s_active_regions_by_name_and_key()
    {
        await using var e2 = await FakeIDriveE2Server.StartAsync();
        using var configured = WithE2(e2, FakeIDriveE2Server.ApiKey);
        using var client = configured.CreateClientFor(_tenant.Owner);

        var regions = (await (await client.GetAsync(Regions)).ShouldBeOkJsonAsync()).AsArray();

        Assert.Equal(6, regions.Count);
        Assert.Equal(["name", "code"], regions[0]!.PropertyNames());
        Assert.Equal(("Oregon", "OR"), ((string?)regions[0]!["name"], (string?)regions[0]!["code"]));
        Assert.Equal(FakeIDriveE2Server.ApiKey, Assert.Single(e2.Requests).Token);
    }

    [Fact]
    public async Task When_e2_refuses_the_servers_reseller_key_the_user_gets_INTERNAL_ERROR_not_our_401()
    {
        await using var e2 = await FakeIDriveE2Server.StartAsync();
        using var misconfigured = WithE2(e2, "a-revoked-reseller-key");
        using var client = misconfigured.CreateClientFor(_tenant.Owner);

        var response = await client.GetAsync(Regions);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "IDrive e2 refused this server's reseller API key");
        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "Authentication header missing/invalid");
        Assert.Equal("a-revoked-reseller-key", Assert.Single(e2.Requests).Token);
    }

    // The fake listens on loopback, which the outbound guard blocks: only the configured base URL makes it reachable.
    private WebApplicationFactory<Program> WithE2(FakeIDriveE2Server e2, string apiKey) =>
        api.WithWebHostBuilder(builder => builder
            .UseSetting("AmoveStorage:Host", "IDriveE2")
            .UseSetting("AmoveStorage:IDriveE2:BaseUrl", e2.BaseUrl)
            .UseSetting("AmoveStorage:IDriveE2:ApiKey", apiKey));
}
