using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Amove.CloudAccounts.Api.Tests.Security;

[Collection(ApiCollection.Name)]
public sealed class LogSecrecyTests(CloudAccountsApiFactory api)
{
    [Fact]
    public async Task Neither_credentials_nor_bearer_tokens_appear_in_any_log_line_at_any_level()
    {
        var logs = new CapturingLoggerProvider();
        using var logged = api.WithWebHostBuilder(b => b.ConfigureLogging(logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddFilter(_ => true)
            .AddProvider(logs)));
        var tenant = new TestTenant();
        var token = TestTokens.For(tenant.Owner);
        using var client = logged.CreateClientWithToken(token);
        var secret = $"secret-{Guid.NewGuid():N}";
        var bucket = await api.S3.CreateBucketAsync("logs");

        var inserted = await (await client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Logged",
            accessKey = TestEnvironment.S3AccessKey,
            secretKey = secret,
            serviceUrl = api.S3.Url,
        })).ShouldBeOkJsonObjectAsync();
        var id = (string)inserted["id"]!;
        await (await client.PostJsonAsync(CloudAccountApi.ListBuckets, new { cloudAccountId = id })).ShouldBeOkJsonObjectAsync();
        await (await client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, bucketName = bucket })).ShouldBeOkJsonObjectAsync();
        await (await client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Rejected",
            accessKey = "REJECTED-KEY",
            secretKey = secret,
            serviceUrl = api.S3.Url,
        })).ShouldBeAmoveErrorAsync("ACCESS");

        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, line => line.Contains("/api/v1/cloudaccount/insert"));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(secret));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(token));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(token.Split('.')[2]));
    }
}
