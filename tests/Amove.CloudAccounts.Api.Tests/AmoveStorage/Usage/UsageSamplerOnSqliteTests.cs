using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.AmoveStorage.Usage;
using Amove.CloudAccounts.Core.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.Usage;

/// <summary>The sampler's lease and queries on SQLite, the database of the embedded default run.</summary>
public sealed class UsageSamplerOnSqliteTests
{
    [Fact]
    public async Task On_SQLite_the_lease_holder_samples_a_new_subscription_once_and_another_sampler_stays_out()
    {
        var host = new CountingStorageHost();
        using var api = new SqliteApiFactory();
        api.TestServices.Add(services =>
        {
            services.RemoveBackgroundWork();
            services.RemoveAll<IAmoveStorageHost>();
            services.AddSingleton<IAmoveStorageHost>(host);
        });
        var subscription = await api.AddSubscriptionAsync(TestUser.In(Guid.NewGuid(), UserType.DesktopStandardUser), StorageTier.Global);
        host.Usage[HostedStorageRows.HostUserName(subscription)] = 1_000;
        var sampler = api.Services.GetRequiredService<UsageSampler>();

        Assert.Equal(new UsageSamplingRun(true, 1, 0), await sampler.RunOnceAsync(CancellationToken.None));
        Assert.Equal(new UsageSamplingRun(true, 0, 0), await sampler.RunOnceAsync(CancellationToken.None));
        Assert.Equal(UsageSamplingRun.NotHolder, await ActivatorUtilities.CreateInstance<UsageSampler>(api.Services).RunOnceAsync(CancellationToken.None));

        Assert.Equal(1, host.Calls(HostedStorageRows.HostUserName(subscription)));
        Assert.Equal(1L, await api.CountSamplesAsync(subscription));
    }
}
