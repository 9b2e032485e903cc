using Amove.CloudAccounts.Api.Tests.ApiTokens;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Amove.CloudAccounts.Api.Tests.Security;

/// <summary>An API token's encryption key is encrypted at rest, and neither it nor the token reaches a log.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiTokenSecretsTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task A_database_dump_holds_neither_the_encryption_key_nor_the_signing_key_in_plaintext()
    {
        var encryptionKey = $"key-{Guid.NewGuid():N}";
        var created = await api.CreateApiTokenAsync(_tenant.Owner, encryptionKey: encryptionKey);
        using var agent = api.CreateClientWith(created);
        await (await agent.GetAsync(ApiTokenApi.GetAll)).ShouldBeOkJsonObjectAsync();

        var dump = await PgDump.DumpAsync(api.DatabaseName);

        var tokens = PgDump.CopyBlockOf(dump, "api_tokens");
        Assert.Contains(created.Id().ToString(), tokens);
        Assert.DoesNotContain(encryptionKey, dump);
        var storedSigningKey = await api.ScalarAsync<string>("SELECT value FROM service_keys WHERE name = 'api-token-signing-key'");
        Assert.StartsWith("CfDJ8", storedSigningKey);
    }

    [Fact]
    public async Task Neither_the_token_nor_its_encryption_key_appears_in_any_log_line()
    {
        var logs = new CapturingLoggerProvider();
        using var logged = api.WithWebHostBuilder(b => b.ConfigureLogging(logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddFilter(_ => true)
            .AddProvider(logs)));
        var encryptionKey = $"key-{Guid.NewGuid():N}";

        var created = await logged.CreateApiTokenAsync(_tenant.Owner, encryptionKey: encryptionKey);
        using var agent = logged.CreateClientWith(created);
        await (await agent.GetAsync(ApiTokenApi.GetAll)).ShouldBeOkJsonObjectAsync();
        await (await agent.DeleteAsync(ApiTokenApi.Delete(created.Id()))).ShouldBeOkWithoutBodyAsync();
        await (await agent.GetAsync(ApiTokenApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();

        var token = (string)created["token"]!;
        Assert.Contains(logs.Lines, line => line.Contains(ApiTokenApi.Insert));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(encryptionKey) || line.Contains(token) || line.Contains(token.Split('.')[3]));
    }
}
