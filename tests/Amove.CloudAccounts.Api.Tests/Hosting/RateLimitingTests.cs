using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class RateLimitingTests(CloudAccountsApiFactory api)
{
    [Fact]
    public async Task A_caller_over_the_limit_gets_429_with_Retry_After_while_other_callers_are_served()
    {
        var tenant = new TestTenant();
        using var limited = api.WithWebHostBuilder(b => b
            .UseSetting("RateLimiting:PermitLimit", "3")
            .UseSetting("RateLimiting:WindowSeconds", "600"));
        using var busy = limited.CreateClientFor(tenant.Owner);
        using var other = limited.CreateClientFor(tenant.DesktopAdmin);

        for (var i = 0; i < 3; i++)
        {
            await (await busy.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();
        }

        var refused = await busy.GetAsync(CloudAccountApi.GetAll);

        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 600);
        await (await other.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await busy.GetAsync("/health/live")).StatusCode);
    }
}
