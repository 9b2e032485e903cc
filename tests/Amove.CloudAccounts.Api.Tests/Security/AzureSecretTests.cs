using System.Text;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Amove.CloudAccounts.Api.Tests.Security;

/// <summary>
/// An Azure account key is encrypted at rest, masked in answers and absent from logs. Azurite accepts only its one
/// published key, so that key is what the tests look for: it must not appear anywhere the service writes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AzureSecretTests(CloudAccountsApiFactory api)
{
    private const string Key = TestEnvironment.AzuriteAccountKey;

    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task A_database_dump_contains_no_azure_account_key()
    {
        using var client = api.CreateClientFor(_tenant.Owner);
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, AzuriteTestServer.Account("Dumped Azure"))).ShouldBeOkJsonObjectAsync();
        var id = (string)created["id"]!;

        var dump = await PgDump.DumpAsync(api.DatabaseName);

        Assert.Contains(id, PgDump.CopyBlockOf(dump, "cloud_accounts"));
        Assert.False(string.IsNullOrEmpty(await api.ScalarAsync<string>("SELECT secret_key FROM cloud_accounts WHERE id = $1", Guid.Parse(id))));
        Assert.DoesNotContain(Key, dump, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(Convert.FromBase64String(Key)), dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)), dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_all_masks_the_azure_account_key()
    {
        using var client = api.CreateClientFor(_tenant.Owner);
        await (await client.PostJsonAsync(CloudAccountApi.Insert, AzuriteTestServer.Account("Listed Azure"))).ShouldBeOkJsonObjectAsync();

        var response = await client.GetAsync(CloudAccountApi.GetAll);

        var raw = await response.Content.ReadAsStringAsync();
        var account = Assert.Single((await response.ShouldBeOkJsonObjectAsync())["data"]!.AsArray())!;
        Assert.Equal("**********", (string?)account["secretKey"]);
        Assert.Equal("dev*****", (string?)account["accessKey"]);
        Assert.DoesNotContain(Key, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_azure_account_key_appears_in_no_log_line_at_any_level()
    {
        var logs = new CapturingLoggerProvider();
        using var logged = api.WithWebHostBuilder(b => b.ConfigureLogging(logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddFilter(_ => true)
            .AddProvider(logs)));
        using var client = logged.CreateClientFor(_tenant.Owner);
        var container = await new AzuriteTestServer().CreateContainerAsync("logs");

        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, AzuriteTestServer.Account("Logged Azure"))).ShouldBeOkJsonObjectAsync();
        var id = Guid.Parse((string)created["id"]!);
        await (await client.ListBucketsAsync(id)).ShouldBeOkJsonObjectAsync();
        await (await client.ListObjectsAsync(id, container, "/")).ShouldBeOkJsonObjectAsync();
        await (await client.PostJsonAsync(CloudAccountApi.Insert, AzuriteTestServer.Account(accountKey: Convert.ToBase64String(new byte[64]))))
            .ShouldBeAmoveErrorAsync("ACCESS");

        Assert.Contains(logs.Lines, line => line.Contains("/api/v1/cloudaccount/list_objects", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains(TestEnvironment.AzuriteHostAndPort, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Key, StringComparison.Ordinal));
    }
}
