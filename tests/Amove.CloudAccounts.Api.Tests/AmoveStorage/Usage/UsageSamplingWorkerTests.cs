using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.AmoveStorage.Usage;
using Amove.CloudAccounts.Core.Entities;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.Usage;

/// <summary>
/// The API with the usage sampler running in the background on the real clock, polling only once an hour, and a
/// storage host double.
/// </summary>
public sealed class UsageWorkerApiFactory : CloudAccountsApiFactory
{
    public UsageWorkerApiFactory()
    {
        Settings["AmoveStorage:UsageSampling:PollSeconds"] = "3600";
        Settings["AmoveStorage:UsageSampling:LeaseSeconds"] = "7200";
    }

    public CountingStorageHost Host { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IAmoveStorageHost>();
            services.AddSingleton<IAmoveStorageHost>(Host);
        });
    }
}

public sealed class UsageSamplingWorkerTests(UsageWorkerApiFactory api) : IClassFixture<UsageWorkerApiFactory>
{
    [Fact]
    public async Task A_storage_provisioned_while_the_sampler_sleeps_is_sampled_as_soon_as_the_sampler_is_woken()
    {
        // The worker waits an hour between runs (and before its first): only the wake can make it run now.
        var subscription = await api.AddSubscriptionAsync(TestUser.In(Guid.NewGuid(), UserType.DesktopStandardUser), StorageTier.Perform);
        api.Host.Usage[HostedStorageRows.HostUserName(subscription)] = 42;

        api.Services.GetRequiredService<UsageSamplingSignal>().Wake();

        await Poll.UntilAsync(async () => await api.CountSamplesAsync(subscription) == 1, "the first usage sample");
        Assert.Equal(1, api.Host.Calls(HostedStorageRows.HostUserName(subscription)));
        Assert.Equal(42L, await api.ScalarAsync<long>("SELECT bytes FROM storage_usage_samples WHERE subscription_id = $1", subscription));
    }
}
