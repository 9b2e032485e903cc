using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.AmoveStorage.Usage;
using Amove.CloudAccounts.Core.Entities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.Usage;

/// <summary>The usage sampler run by the test against a storage host double, on a clock the test moves.</summary>
public sealed class UsageSamplerTests(UsageApiFactory api) : IClassFixture<UsageApiFactory>
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMinutes(new AmoveStorageOptions().UsageSampleMinutes);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(new UsageSamplingOptions().LeaseSeconds);

    [Fact]
    public async Task A_new_subscription_is_sampled_at_once_then_not_again_until_the_sample_interval_has_passed()
    {
        var sampler = NewSampler();
        var subscription = await api.AddSubscriptionAsync(NewUser(), StorageTier.Perform);
        var hostUser = HostedStorageRows.HostUserName(subscription);
        api.Host.Usage[hostUser] = 3_000_000_000_000;

        var run = await sampler.RunOnceAsync(CancellationToken.None);

        Assert.True(run.HeldLease);
        Assert.Equal(1, api.Host.Calls(hostUser));
        Assert.Equal(1L, await api.CountSamplesAsync(subscription));
        Assert.Equal(3_000_000_000_000L, await api.ScalarAsync<long>("SELECT bytes FROM storage_usage_samples WHERE subscription_id = $1", subscription));
        // The host is given the storage's bucket with its decrypted keys (S3 hosts measure usage per bucket).
        var bucket = Assert.Single(api.Host.BucketsSeen[hostUser]);
        Assert.Equal(new Uri("https://s3.hosted.test"), bucket.ServiceUrl);
        Assert.Equal(("AKHOSTED", "hosted-secret"), (bucket.AccessKey, bucket.SecretKey));
        Assert.StartsWith("amove-", bucket.BucketName);

        api.Clock.Advance(SampleInterval - TimeSpan.FromMinutes(1));
        await sampler.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, api.Host.Calls(hostUser));
        Assert.Equal(1L, await api.CountSamplesAsync(subscription));

        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await sampler.RunOnceAsync(CancellationToken.None);
        Assert.Equal(2, api.Host.Calls(hostUser));
        Assert.Equal(2L, await api.CountSamplesAsync(subscription));
    }

    [Fact]
    public async Task A_storage_still_being_provisioned_is_not_sampled()
    {
        var sampler = NewSampler();
        var subscription = await api.AddSubscriptionAsync(NewUser(), StorageTier.Global, HostedStorageState.Provisioning);

        Assert.True((await sampler.RunOnceAsync(CancellationToken.None)).HeldLease);

        Assert.Equal(0, api.Host.Calls(HostedStorageRows.HostUserName(subscription)));
        Assert.Equal(0L, await api.CountSamplesAsync(subscription));
    }

    [Fact]
    public async Task A_subscription_whose_host_fails_does_not_keep_the_others_from_being_sampled()
    {
        var sampler = NewSampler();
        var user = NewUser();
        var broken = await api.AddSubscriptionAsync(user, StorageTier.Perform);
        var fine = await api.AddSubscriptionAsync(NewUser(), StorageTier.Perform);
        var alsoFine = await api.AddSubscriptionAsync(user, StorageTier.Scale);
        api.Host.Failing[HostedStorageRows.HostUserName(broken)] = true;
        try
        {
            var run = await sampler.RunOnceAsync(CancellationToken.None);

            Assert.True(run.Failed >= 1, $"{run}");
            Assert.Equal(1, api.Host.Calls(HostedStorageRows.HostUserName(broken)));
            Assert.Equal(0L, await api.CountSamplesAsync(broken));
            Assert.Equal(1L, await api.CountSamplesAsync(fine));
            Assert.Equal(1L, await api.CountSamplesAsync(alsoFine));

            // Still without a sample, it is tried again on the next run.
            await sampler.RunOnceAsync(CancellationToken.None);
            Assert.Equal(2, api.Host.Calls(HostedStorageRows.HostUserName(broken)));
            Assert.Equal(1, api.Host.Calls(HostedStorageRows.HostUserName(fine)));
        }
        finally
        {
            api.Host.Failing.Clear();
        }
    }

    [Fact]
    public async Task Two_samplers_sharing_the_database_take_turns_through_the_lease_and_never_sample_together()
    {
        api.Clock.Advance(Lease);
        UsageSampler first = Sampler(), second = Sampler();
        var subscription = await api.AddSubscriptionAsync(NewUser(), StorageTier.Archive);
        var hostUser = HostedStorageRows.HostUserName(subscription);

        var runs = await Task.WhenAll(
            Task.Run(() => first.RunOnceAsync(CancellationToken.None)),
            Task.Run(() => second.RunOnceAsync(CancellationToken.None)));

        Assert.Single(runs, run => run.HeldLease);
        Assert.Equal(1, api.Host.Calls(hostUser));
        var (holder, waiting) = runs[0].HeldLease ? (first, second) : (second, first);

        // While the holder keeps renewing, the other stays out.
        Assert.True((await holder.RunOnceAsync(CancellationToken.None)).HeldLease);
        Assert.Equal(UsageSamplingRun.NotHolder, await waiting.RunOnceAsync(CancellationToken.None));

        // The holder stops (its lease lapses): the other takes over and samples what is due.
        api.Clock.Advance(SampleInterval);
        var takeover = await waiting.RunOnceAsync(CancellationToken.None);
        Assert.True(takeover.HeldLease);
        Assert.Equal(2, api.Host.Calls(hostUser));
        Assert.Equal(UsageSamplingRun.NotHolder, await holder.RunOnceAsync(CancellationToken.None));

        // A holder shutting down hands over at once.
        await waiting.ReleaseLeaseAsync(CancellationToken.None);
        Assert.True((await holder.RunOnceAsync(CancellationToken.None)).HeldLease);
        Assert.Equal(2L, await api.CountSamplesAsync(subscription));
    }

    [Fact]
    public async Task A_run_samples_at_most_the_configured_number_of_subscriptions_and_the_next_runs_take_the_rest()
    {
        api.Clock.Advance(Lease);
        var sampler = Sampler(new UsageSamplingOptions { MaxSubscriptionsPerRun = 2 });
        var user = NewUser();
        Guid[] subscriptions =
        [
            await api.AddSubscriptionAsync(user, StorageTier.Perform),
            await api.AddSubscriptionAsync(user, StorageTier.Global),
            await api.AddSubscriptionAsync(user, StorageTier.Scale),
        ];

        for (var run = 0; run < 10 && subscriptions.Any(s => api.Host.Calls(HostedStorageRows.HostUserName(s)) == 0); run++)
        {
            var result = await sampler.RunOnceAsync(CancellationToken.None);
            Assert.True(result.Sampled + result.Failed <= 2, $"{result}");
        }

        Assert.All(subscriptions, s => Assert.Equal(1, api.Host.Calls(HostedStorageRows.HostUserName(s))));
    }

    [Fact]
    public async Task Samples_older_than_the_retention_are_deleted()
    {
        var sampler = NewSampler();
        var subscription = await api.AddSubscriptionAsync(NewUser(), StorageTier.Perform);
        api.Host.Usage[HostedStorageRows.HostUserName(subscription)] = 5;
        var retention = TimeSpan.FromDays(new UsageSamplingOptions().RetentionDays);
        await api.AddSampleAsync(subscription, 1, retention + TimeSpan.FromMinutes(1));
        await api.AddSampleAsync(subscription, 2, retention - TimeSpan.FromMinutes(1));

        await sampler.RunOnceAsync(CancellationToken.None);

        // The old one is gone, the recent one stays, and the run added a new one.
        Assert.Equal(
            "2,5",
            await api.ScalarAsync<string>(
                "SELECT string_agg(bytes::text, ',' ORDER BY sampled_at) FROM storage_usage_samples WHERE subscription_id = $1",
                subscription));
    }

    /// <summary>A sampler that holds the lease on its first run: any earlier test's holder has lapsed.</summary>
    private UsageSampler NewSampler()
    {
        api.Clock.Advance(Lease);
        return Sampler();
    }

    /// <summary>A sampler of its own (its own holder id), as another instance of the service would have.</summary>
    private UsageSampler Sampler(UsageSamplingOptions? options = null) => options is null
        ? ActivatorUtilities.CreateInstance<UsageSampler>(api.Services)
        : ActivatorUtilities.CreateInstance<UsageSampler>(api.Services, Options.Create(options));

    private static TestUser NewUser() => TestUser.In(Guid.NewGuid(), UserType.DesktopStandardUser);
}
