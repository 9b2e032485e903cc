using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Telemetry;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Email;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.AmoveStorage.Usage;

/// <summary>
/// Records how many bytes each hosted-storage subscription uses, for daily usage. Only the holder of the
/// <see cref="LeaseName"/> job lease samples, so a fleet sharing one database asks the host once per subscription and
/// interval. <see cref="UsageSamplingWorker"/> runs it in a loop.
/// </summary>
public sealed partial class UsageSampler(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<AmoveStorageOptions> storageOptions,
    IOptions<UsageSamplingOptions> options,
    ILogger<UsageSampler> logger)
{
    public const string LeaseName = "usage-sampling";

    private volatile bool _everHeld;

    /// <summary>This sampler's name in <see cref="JobLease.Holder"/>.</summary>
    public string HolderId { get; } = InstanceIds.New();

    /// <summary>
    /// Takes or renews the lease; when held, samples every subscription due (no sample yet, or the last one at
    /// least <c>AmoveStorage:UsageSampleMinutes</c> old), at most <c>MaxSubscriptionsPerRun</c>, and deletes samples
    /// past the retention.
    /// </summary>
    public async Task<UsageSamplingRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        if (await TryHoldLeaseAsync(db, cancellationToken) is not { } leaseUntil)
        {
            return UsageSamplingRun.NotHolder;
        }

        var settings = options.Value;
        var now = Now();
        var dueBefore = now - TimeSpan.FromMinutes(storageOptions.Value.UsageSampleMinutes);
        var due = await db.StorageSubscriptions.AsNoTracking()
            .Where(s => db.HostedStorages.Any(h => h.SubscriptionId == s.Id && h.State == HostedStorageState.Ready))
            .Select(s => new
            {
                s.Id,
                s.UserId,
                s.StorageTier,
                s.HostUserName,
                LastSampledAt = db.StorageUsageSamples.Where(u => u.SubscriptionId == s.Id).Max(u => (DateTime?)u.SampledAt),
            })
            .Where(s => s.LastSampledAt == null || s.LastSampledAt <= dueBefore)
            // Never-sampled subscriptions (just provisioned) first, then the longest waiting.
            .OrderBy(s => s.LastSampledAt != null)
            .ThenBy(s => s.LastSampledAt)
            .Take(settings.MaxSubscriptionsPerRun)
            .ToListAsync(cancellationToken);

        var host = scope.ServiceProvider.GetRequiredService<IAmoveStorageHost>();
        var buckets = await BucketsAsync(db, [.. due.Select(s => s.Id)], cancellationToken);
        int sampled = 0, failed = 0;
        foreach (var subscription in due)
        {
            if (Now() >= leaseUntil - TimeSpan.FromSeconds(settings.LeaseSeconds / 2.0))
            {
                // A long run renews its lease; if another instance has taken it meanwhile, that one carries on.
                if (await TryHoldLeaseAsync(db, cancellationToken) is not { } renewed)
                {
                    break;
                }

                leaseUntil = renewed;
            }

            try
            {
                var bytes = await host.ReadUsageBytesAsync(
                    new HostUser(subscription.HostUserName), buckets[subscription.Id], cancellationToken);
                db.StorageUsageSamples.Add(new StorageUsageSample
                {
                    Id = Guid.CreateVersion7(),
                    SubscriptionId = subscription.Id,
                    UserId = subscription.UserId,
                    StorageTier = subscription.StorageTier,
                    Bytes = bytes,
                    SampledAt = Now(),
                });
                await db.SaveChangesAsync(cancellationToken);
                sampled++;
                if (subscription.LastSampledAt is { } last)
                {
                    AmoveMetrics.RecordJobLag(UsageSamplingWorker.JobName, Now() - last - TimeSpan.FromMinutes(storageOptions.Value.UsageSampleMinutes));
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // One subscription's trouble (its host user gone, the host briefly away) must not starve the others.
                db.ChangeTracker.Clear();
                failed++;
                LogSampleFailed(subscription.Id, Describe(exception));
            }
        }

        var retainedSince = now - TimeSpan.FromDays(settings.RetentionDays);
        await db.StorageUsageSamples.Where(s => s.SampledAt < retainedSince).ExecuteDeleteAsync(cancellationToken);
        await db.JobLeases
            .Where(l => l.Name == LeaseName && l.Holder == HolderId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LastRunAt, now), cancellationToken);
        return new UsageSamplingRun(true, sampled, failed);
    }

    /// <summary>Gives the lease up (on shutdown), so another instance takes over at its next run.</summary>
    public async Task ReleaseLeaseAsync(CancellationToken cancellationToken)
    {
        if (!_everHeld)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        var now = Now();
        await db.JobLeases
            .Where(l => l.Name == LeaseName && l.Holder == HolderId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, (string?)null).SetProperty(l => l.ExpiresAt, now), cancellationToken);
    }

    /// <summary>Takes the lease when it has expired or is ours already; returns until when it holds, or null.</summary>
    private async Task<DateTime?> TryHoldLeaseAsync(CloudAccountsDbContext db, CancellationToken cancellationToken)
    {
        var now = Now();
        var until = now.AddSeconds(options.Value.LeaseSeconds);
        var taken = await db.JobLeases
            .Where(l => l.Name == LeaseName && (l.Holder == HolderId || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, HolderId).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            _everHeld = true;
            return until;
        }

        if (await db.JobLeases.AnyAsync(l => l.Name == LeaseName, cancellationToken))
        {
            return null;
        }

        // The very first run on a database: the lease row does not exist yet, and its key lets one instance create it.
        db.JobLeases.Add(new JobLease { Name = LeaseName, Holder = HolderId, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            _everHeld = true;
            return until;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>The Ready storages of each subscription as buckets with the keys that reach them.</summary>
    private static async Task<Dictionary<Guid, IReadOnlyList<HostedBucket>>> BucketsAsync(
        CloudAccountsDbContext db, List<Guid> subscriptionIds, CancellationToken cancellationToken)
    {
        var rows = await (
                from storage in db.HostedStorages.AsNoTracking()
                where subscriptionIds.Contains(storage.SubscriptionId) && storage.State == HostedStorageState.Ready
                join account in db.CloudAccounts.AsNoTracking() on storage.CloudAccountId equals (Guid?)account.Id
                select new { storage.SubscriptionId, storage.BucketName, account.ServiceUrl, account.AccessKey, account.SecretKey })
            .ToListAsync(cancellationToken);

        return subscriptionIds.ToDictionary(
            id => id,
            IReadOnlyList<HostedBucket> (id) =>
            [
                .. rows
                    .Where(r => r.SubscriptionId == id && r.BucketName is not null && Uri.TryCreate(r.ServiceUrl, UriKind.Absolute, out _))
                    .Select(r => new HostedBucket(new Uri(r.ServiceUrl!), r.AccessKey ?? "", r.SecretKey ?? "", r.BucketName!)),
            ]);
    }

    /// <summary>What went wrong, without secrets: our own and the host's reasons are written for clients; anything else by type.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        StorageProviderException or AmoveException => $"{exception.GetType().Name}: {exception.Message}",
        _ => exception.GetType().Name,
    };

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage of subscription {SubscriptionId} not sampled: {Reason}; it is tried again next run")]
    private partial void LogSampleFailed(Guid subscriptionId, string reason);
}
