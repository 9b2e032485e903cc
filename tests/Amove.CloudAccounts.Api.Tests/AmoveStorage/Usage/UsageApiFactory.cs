using System.Collections.Concurrent;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.Usage;

/// <summary>
/// The API with a storage host the test controls (<see cref="CountingStorageHost"/>), a clock the test moves and no
/// background workers: tests run the usage sampler themselves.
/// </summary>
public sealed class UsageApiFactory : CloudAccountsApiFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CountingStorageHost Host { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveBackgroundWork();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<IAmoveStorageHost>();
            services.AddSingleton<IAmoveStorageHost>(Host);
        });
    }
}

/// <summary>Hosted-storage rows written directly, as the service would have left them.</summary>
public static class HostedStorageRows
{
    /// <summary>
    /// A provisioned hosted storage as the service leaves it (user, subscription, internal cloud account, Ready
    /// storage), written directly at the host's time; returns the subscription's id. The host user is named after the subscription.
    /// </summary>
    public static async Task<Guid> AddSubscriptionAsync(this WebApplicationFactory<Program> api, TestUser user, StorageTier tier, HostedStorageState state = HostedStorageState.Ready)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        var now = api.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (!await db.Accounts.AnyAsync(a => a.Id == user.AccountId))
        {
            db.Accounts.Add(new Account { Id = user.AccountId, CreatedAt = now });
        }

        if (!await db.Users.AnyAsync(u => u.Id == user.Id))
        {
            db.Users.Add(new User { Id = user.Id, AccountId = user.AccountId, UserType = user.UserType, Email = user.Email, CreatedAt = now });
        }

        var subscriptionId = Guid.NewGuid();
        var cloudAccount = new CloudAccount
        {
            Id = Guid.NewGuid(),
            AccountId = user.AccountId,
            UserId = user.Id,
            CloudType = CloudProvider.S3Generic,
            Name = $"Amove {tier}",
            AccessKey = "AKHOSTED",
            MaskedAccessKey = "AKHO****",
            SecretKey = "hosted-secret",
            ServiceUrl = "https://s3.hosted.test",
            InternalStorage = true,
            StorageTier = tier,
            CreatedAt = now,
        };
        db.CloudAccounts.Add(cloudAccount);
        db.StorageSubscriptions.Add(new StorageSubscription
        {
            Id = subscriptionId,
            AccountId = user.AccountId,
            UserId = user.Id,
            StorageTier = tier,
            HostUserName = HostUserName(subscriptionId),
            CreatedAt = now,
        });
        db.HostedStorages.Add(new HostedStorage
        {
            Id = Guid.NewGuid(),
            SubscriptionId = subscriptionId,
            AccountId = user.AccountId,
            UserId = user.Id,
            StorageTier = tier,
            RegionCode = "OR",
            State = state,
            CloudAccountId = cloudAccount.Id,
            BucketName = $"amove-{subscriptionId:N}",
            CreatedAt = now,
        });
        await db.SaveChangesAsync();
        return subscriptionId;
    }

    public static async Task AddSampleAsync(this WebApplicationFactory<Program> api, Guid subscriptionId, long bytes, TimeSpan ago)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        var subscription = await db.StorageSubscriptions.SingleAsync(s => s.Id == subscriptionId);
        db.StorageUsageSamples.Add(new StorageUsageSample
        {
            Id = Guid.NewGuid(),
            SubscriptionId = subscriptionId,
            UserId = subscription.UserId,
            StorageTier = subscription.StorageTier,
            Bytes = bytes,
            SampledAt = api.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime - ago,
        });
        await db.SaveChangesAsync();
    }

    public static async Task<long> CountSamplesAsync(this WebApplicationFactory<Program> api, Guid subscriptionId)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        return await db.StorageUsageSamples.LongCountAsync(s => s.SubscriptionId == subscriptionId);
    }

    public static string HostUserName(Guid subscriptionId) => $"e2-{subscriptionId:N}@amove.test";
}

/// <summary>
/// A storage host that answers usage from a table the test fills, counts the calls per host user, records the
/// buckets it was given, and fails for the users the test names. It does nothing else.
/// </summary>
public sealed class CountingStorageHost : IAmoveStorageHost
{
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public ConcurrentDictionary<string, long> Usage { get; } = new();

    public ConcurrentDictionary<string, bool> Failing { get; } = new();

    public ConcurrentDictionary<string, IReadOnlyList<HostedBucket>> BucketsSeen { get; } = new();

    public int Calls(string hostUserName) => _calls.GetValueOrDefault(hostUserName);

    public Task<long> ReadUsageBytesAsync(HostUser user, IReadOnlyList<HostedBucket> buckets, CancellationToken cancellationToken)
    {
        var name = user.Name ?? "";
        _calls.AddOrUpdate(name, 1, (_, calls) => calls + 1);
        BucketsSeen[name] = buckets;
        if (Failing.ContainsKey(name))
        {
            throw new StorageProviderException(ProviderFailure.Unavailable, "The host is unavailable.");
        }

        return Task.FromResult(Usage.GetValueOrDefault(name));
    }

    public Task<IReadOnlyList<HostRegion>> ListRegionsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<HostUser> CreateUserAsync(HostUserRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveUserAsync(HostUser user, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RegionAccess> EnableRegionAsync(HostUser user, HostRegion region, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task DisableRegionAsync(HostUser user, RegionAccess access, CancellationToken cancellationToken) => throw new NotSupportedException();
}
