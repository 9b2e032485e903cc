using System.Data.Common;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.AmoveStorage.Contracts;
using Amove.CloudAccounts.Core.ApiTokens;
using Amove.CloudAccounts.Core.AmoveStorage.Usage;
using Amove.CloudAccounts.Core.CloudAccounts;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Email;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Amove.CloudAccounts.Core.Identity;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.AmoveStorage;

/// <summary>Amove-hosted storage: regions, provisioning, its buckets, its credentials and its usage.</summary>
public sealed partial class AmoveStorageService(
    CloudAccountsDbContext db,
    IAmoveStorageHost host,
    TimeProvider clock,
    StorageConnectors connectors,
    EmailOutbox outbox,
    UsageSamplingSignal usageSampling,
    IValidator<AddStorageRequest> addStorageValidator,
    IOptions<AmoveStorageOptions> options,
    ILogger<AmoveStorageService> logger)
{
    /// <summary>The window daily usage looks back over.</summary>
    public static readonly TimeSpan UsageWindow = TimeSpan.FromHours(24);

    public const string OnlyInternalStorageCanBeDeleted = "Only internal storage can be deleted";
    public const string BucketsOnlyInInternalStorage = "Buckets can be created and deleted only in internal (Amove-hosted) storage.";

    /// <summary>
    /// How old a claim still provisioning must be to count as abandoned: far longer than a provisioning takes, each of
    /// its few host and storage calls being bounded by its client's timeout.
    /// </summary>
    public static readonly TimeSpan AbandonedClaimAge = TimeSpan.FromHours(1);

    private const int CloudAccountNameMaxLength = 50;
    private const int MaxClaimAttempts = 3;
    private const string HostedStoragesTable = "hosted_storages";
    private const string HostedStorageUniqueIndex = "ix_hosted_storages_user_id_region_code_storage_tier";
    private const string SubscriptionsTable = "storage_subscriptions";
    private const string SubscriptionUniqueIndex = "ix_storage_subscriptions_user_id_storage_tier";

    public async Task<IReadOnlyList<AmoveRegionResponse>> ListRegionsAsync(CancellationToken cancellationToken) =>
        [.. (await host.ListRegionsAsync(cancellationToken)).Select(r => new AmoveRegionResponse(r.Name, r.Key))];

    /// <summary>
    /// Provisions storage all or nothing. The claim row is written first, so that its unique index decides between
    /// concurrent requests before the host is touched; then the host-side user (once per tier), the region and the first
    /// bucket; then the cloud account, the ready storage and the welcome e-mail in one save. A failure after the claim
    /// undoes every step taken, host side first, and answers 499.
    /// </summary>
    public async Task<CloudAccountResponse> AddStorageAsync(CurrentUser caller, AddStorageRequest request, CancellationToken cancellationToken)
    {
        await addStorageValidator.ValidateAndThrowAsync(request, cancellationToken);
        var email = string.IsNullOrWhiteSpace(caller.Email)
            ? throw AmoveException.Invalid(
                "Your sign-in carries no e-mail address: the new storage's credentials are e-mailed to you, so provisioning needs one.")
            : caller.Email;
        var region = await ResolveRegionAsync(request.RegionName, cancellationToken);

        var progress = new Provisioning(await ClaimAsync(caller, region, request.StorageTier, cancellationToken));
        try
        {
            var (hostUser, password) = await EnsureHostUserAsync(progress, caller, email, request, cancellationToken);
            progress.HostUser = hostUser;
            progress.Access = await host.EnableRegionAsync(hostUser, region, cancellationToken);

            var bucketName = BucketNames.Generate();
            try
            {
                await Buckets.CreateBucketAsync(CredentialsOf(progress.Access), bucketName, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException
                || e is StorageProviderException { Failure: ProviderFailure.TimedOut or ProviderFailure.Unavailable })
            {
                // The bucket may have been made before the answer was lost: the undo removes it if it is there.
                progress.BucketName = bucketName;
                throw;
            }

            progress.BucketName = bucketName;

            var account = await CompleteAsync(caller, request, region, progress, email, password);
            usageSampling.Wake();
            return CredentialMask.Masked(account);
        }
        catch (Exception failure)
        {
            LogProvisioningFailed(failure, caller.Id, region.Key, request.StorageTier);
            await UndoAsync(progress);
            if (failure is DbUpdateException or DbException)
            {
                throw new AmoveException(ErrorCodes.DbInsert, "The storage could not be saved, and nothing was kept. Try again later.", failure);
            }

            throw;
        }
    }

    /// <summary>
    /// Deletes one of the caller's own storages. The host goes first, inside the database transaction that holds the
    /// subscription's lock: a host failure rolls everything back (the storage is still there, and the caller may try
    /// again); only once the host has let go are the records soft-deleted.
    /// </summary>
    public async Task<bool> DeleteStorageAsync(CurrentUser caller, Guid id, CancellationToken cancellationToken)
    {
        var account = await FindOwnInternalStorageAsync(caller, id, OnlyInternalStorageCanBeDeleted, "delete it", cancellationToken);

        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var storage = await db.HostedStorages.AsNoTracking().FirstOrDefaultAsync(s => s.CloudAccountId == id, cancellationToken);
            if (storage is not null)
            {
                var subscription = await LockSubscriptionAsync(storage.SubscriptionId, cancellationToken);

                // A concurrent delete of the same storage may have finished while this one waited for the lock.
                if (!await db.HostedStorages.AnyAsync(s => s.Id == storage.Id, cancellationToken))
                {
                    throw AmoveException.ObjectNotFound();
                }

                var isLastOfTier = !await db.HostedStorages.AnyAsync(
                    s => s.SubscriptionId == storage.SubscriptionId && s.Id != storage.Id, cancellationToken);

                // Once the host is asked, the decommission is seen through whatever the client does: a region taken away
                // under a storage record that stays would leave the user with a storage that no longer works.
                var hostUser = new HostUser(subscription.HostUserName);
                await host.DisableRegionAsync(hostUser, AccessOf(account, storage), CancellationToken.None);
                if (isLastOfTier)
                {
                    await host.RemoveUserAsync(hostUser, CancellationToken.None);
                    await db.StorageSubscriptions.Where(s => s.Id == storage.SubscriptionId)
                        .ExecuteUpdateAsync(set => set.SetProperty(s => s.DeletedAt, now), CancellationToken.None);
                }

                await db.HostedStorages.Where(s => s.Id == storage.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(s => s.DeletedAt, now), CancellationToken.None);
            }

            // An internal account without a hosted storage has nothing on a host to remove: only its record goes.
            await db.CloudAccounts.Where(a => a.Id == id)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.DeletedAt, now).SetProperty(a => a.UpdatedAt, now), CancellationToken.None);

            // The host has already let go: the records must follow, whatever the client does now.
            await transaction.CommitAsync(CancellationToken.None);
        });
        return true;
    }

    public async Task CreateBucketAsync(CurrentUser caller, Guid cloudAccountId, string? bucketName, CancellationToken cancellationToken)
    {
        var name = ValidBucketName(bucketName);
        var account = await FindOwnInternalStorageAsync(caller, cloudAccountId, BucketsOnlyInInternalStorage, "create buckets in it", cancellationToken);
        await Buckets.CreateBucketAsync(CredentialsOf(account), name, cancellationToken);
    }

    public async Task DeleteBucketAsync(CurrentUser caller, Guid cloudAccountId, string? bucketName, CancellationToken cancellationToken)
    {
        var name = ValidBucketName(bucketName);
        var account = await FindOwnInternalStorageAsync(caller, cloudAccountId, BucketsOnlyInInternalStorage, "delete buckets in it", cancellationToken);
        await Buckets.DeleteBucketAsync(CredentialsOf(account), name, cancellationToken);
    }

    /// <summary>The keys and endpoint of every live internal storage the caller can see, oldest first.</summary>
    /// <param name="encryptionKey">The key of the encrypted API token the caller used, if any: the keys are then encrypted with it.</param>
    public async Task<IReadOnlyList<AmoveStorageResponse>> GetAmoveStorageAsync(
        CurrentUser caller, string? encryptionKey, CancellationToken cancellationToken)
    {
        var storages = await db.VisibleTo(caller)
            .Where(a => a.InternalStorage)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new { a.AccessKey, a.SecretKey, a.ServiceUrl })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return [.. storages.Select(s => Reveal(s.AccessKey ?? "", s.SecretKey ?? "", s.ServiceUrl ?? "", encryptionKey))];
    }

    /// <summary>
    /// The caller's highest usage of the last 24 hours in one tier, or for <see cref="StorageTier.All"/> the sum of
    /// each tier's highest: tiers peak at different moments, and each is billed by its own peak.
    /// </summary>
    public async Task<double> GetDailyUsageAsync(CurrentUser caller, StorageTier storageTier, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(storageTier))
        {
            throw AmoveException.Invalid("'storageTier' must be 0 (All), 1 (Perform), 2 (Global), 4 (Scale) or 8 (Archive).");
        }

        var since = clock.GetUtcNow().UtcDateTime - UsageWindow;
        var samples = db.StorageUsageSamples.AsNoTracking().Where(s => s.UserId == caller.Id && s.SampledAt > since);
        if (storageTier != StorageTier.All)
        {
            samples = samples.Where(s => s.StorageTier == storageTier);
        }

        var peaks = await samples.GroupBy(s => s.StorageTier).Select(g => g.Max(s => s.Bytes)).ToListAsync(cancellationToken);
        return peaks.Sum(bytes => (double)bytes);
    }

    /// <summary>
    /// How a storage's keys are handed out: in plain text. The one place that decides it, so that an API token's
    /// encryption key (issue 9) can be applied here.
    /// </summary>
    private static AmoveStorageResponse Reveal(string accessKey, string secretKey, string serviceUrl, string? encryptionKey) =>
        encryptionKey is null
            ? new(accessKey, secretKey, serviceUrl)
            : new(DeliveredSecret.Encrypt(accessKey, encryptionKey), DeliveredSecret.Encrypt(secretKey, encryptionKey), serviceUrl);

    private IBucketAdministration Buckets =>
        connectors.For(CloudProvider.S3Generic).Connector as IBucketAdministration
        ?? throw new InvalidOperationException("The S3 connector does not administer buckets.");

    private async Task<HostRegion> ResolveRegionAsync(string? regionName, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(regionName) ? options.Value.DefaultRegion : regionName.Trim();
        var regions = await host.ListRegionsAsync(cancellationToken);
        return RegionKeys.Find(regions, name)
            ?? throw AmoveException.Invalid($"'regionName' must be one of: {string.Join(", ", regions.Select(r => r.Key))}.");
    }

    /// <summary>
    /// Transaction 1: the tier's subscription (found or created) and this storage's claim row. The claim's unique index
    /// is the source of truth between concurrent requests for the same region and tier; a subscription created by a
    /// concurrent request meanwhile is simply read again.
    /// </summary>
    private async Task<Claim> ClaimAsync(CurrentUser caller, HostRegion region, StorageTier tier, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Written to the end once started: a claim committed but not reported would block the region for good.
                return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    var now = clock.GetUtcNow().UtcDateTime;
                    var subscriptionId = await db.StorageSubscriptions
                        .Where(s => s.UserId == caller.Id && s.StorageTier == tier)
                        .Select(s => (Guid?)s.Id)
                        .FirstOrDefaultAsync(cancellationToken);
                    if (subscriptionId is null)
                    {
                        var subscription = new StorageSubscription
                        {
                            Id = Guid.CreateVersion7(),
                            AccountId = caller.AccountId,
                            UserId = caller.Id,
                            StorageTier = tier,
                            CreatedAt = now,
                        };
                        db.StorageSubscriptions.Add(subscription);
                        subscriptionId = subscription.Id;
                    }

                    var storage = new HostedStorage
                    {
                        Id = Guid.CreateVersion7(),
                        SubscriptionId = subscriptionId.Value,
                        AccountId = caller.AccountId,
                        UserId = caller.Id,
                        StorageTier = tier,
                        RegionCode = region.Key,
                        State = HostedStorageState.Provisioning,
                        CreatedAt = now,
                    };
                    db.HostedStorages.Add(storage);
                    await db.SaveChangesAsync(CancellationToken.None);
                    await transaction.CommitAsync(CancellationToken.None);
                    return new Claim(storage.Id, subscriptionId.Value);
                });
            }
            catch (DbUpdateException e) when (DbConflicts.IsUniqueViolation(e, HostedStoragesTable, HostedStorageUniqueIndex))
            {
                if (attempt < MaxClaimAttempts && await ReleaseAbandonedClaimAsync(caller, region, tier))
                {
                    continue;
                }

                throw new AmoveException(ErrorCodes.Global, $"You already have Amove storage in region {region.Key} and tier {tier}.");
            }
            catch (DbUpdateException e) when (attempt < MaxClaimAttempts
                && (DbConflicts.IsUniqueViolation(e, SubscriptionsTable, SubscriptionUniqueIndex) || DbConflicts.IsForeignKeyViolation(e)))
            {
                // Another request created the tier's subscription (or removed it) meanwhile: read it again.
            }
            catch (Exception e) when (e is DbUpdateException or DbException)
            {
                throw new AmoveException(ErrorCodes.DbInsert, "The storage could not be saved. Try again later.", e);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Removes a claim still provisioning long after any provisioning ends (its instance stopped midway), which would
    /// otherwise refuse the region and tier to the user for good. What it may have made on the host is unknown to the
    /// database, so it is logged for an operator.
    /// </summary>
    private async Task<bool> ReleaseAbandonedClaimAsync(CurrentUser caller, HostRegion region, StorageTier tier)
    {
        db.ChangeTracker.Clear();
        var abandonedBefore = clock.GetUtcNow().UtcDateTime - AbandonedClaimAge;
        var abandoned = db.HostedStorages.Where(s => s.UserId == caller.Id && s.RegionCode == region.Key && s.StorageTier == tier
            && s.State == HostedStorageState.Provisioning && s.CreatedAt < abandonedBefore);
        var ids = await abandoned.Select(s => s.Id).ToListAsync(CancellationToken.None);
        if (ids.Count == 0 || await abandoned.ExecuteDeleteAsync(CancellationToken.None) == 0)
        {
            return false;
        }

        LogAbandonedClaimReleased(ids[0], caller.Id, region.Key, tier);
        return true;
    }

    /// <summary>
    /// The tier's host-side user, created by the first storage of the tier. The subscription's row stays locked while it
    /// is created and recorded, so two requests for different regions of one tier never create two users.
    /// </summary>
    private async Task<(HostUser User, string Password)> EnsureHostUserAsync(
        Provisioning progress, CurrentUser caller, string email, AddStorageRequest request, CancellationToken cancellationToken) =>
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var subscription = await LockSubscriptionAsync(progress.Claim.SubscriptionId, cancellationToken);
            if (subscription.DeletedAt is not null)
            {
                throw new AmoveException(ErrorCodes.Global, "This storage tier was being decommissioned at the same moment. Try again.");
            }

            // A recorded password means the host-side user exists (hosts without users record one too).
            if (subscription.HostUserPassword is { } existingPassword)
            {
                return (new HostUser(subscription.HostUserName), existingPassword);
            }

            // A retry after a failed commit reuses the user created before it rather than creating a second one.
            var password = progress.UnrecordedPassword ??= request.DefaultPassword ?? Passwords.Generate();
            var user = progress.UnrecordedHostUser ??= await host.CreateUserAsync(
                new HostUserRequest(caller.Id, email, request.StorageTier, password), cancellationToken);
            await db.StorageSubscriptions.IgnoreQueryFilters().Where(s => s.Id == progress.Claim.SubscriptionId).ExecuteUpdateAsync(
                set => set.SetProperty(s => s.HostUserName, user.Name).SetProperty(s => s.HostUserPassword, password),
                CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            progress.UnrecordedHostUser = null;
            progress.UnrecordedPassword = null;
            return (user, password);
        });

    /// <summary>Transaction 2: what users see, all in one save; after the host work, so never cut short by the client.</summary>
    private async Task<CloudAccount> CompleteAsync(
        CurrentUser caller, AddStorageRequest request, HostRegion region, Provisioning progress, string email, string password)
    {
        var access = progress.Access!;
        var bucketName = progress.BucketName!;
        db.ChangeTracker.Clear();
        var storage = await db.HostedStorages.SingleAsync(s => s.Id == progress.Claim.StorageId, CancellationToken.None);
        var name = $"Amove Storage {region.Name} {request.StorageTier}";
        var account = new CloudAccount
        {
            Id = Guid.CreateVersion7(),
            AccountId = caller.AccountId,
            UserId = caller.Id,
            CloudType = CloudProvider.S3Generic,
            Name = name.Length > CloudAccountNameMaxLength ? name[..CloudAccountNameMaxLength].TrimEnd() : name,
            AccessKey = access.AccessKey,
            MaskedAccessKey = CredentialMask.AccessKey(access.AccessKey),
            SecretKey = access.SecretKey,
            ServiceUrl = access.ServiceUrl.AbsoluteUri,
            Shared = request.Shared,
            InternalStorage = true,
            StorageTier = request.StorageTier,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.CloudAccounts.Add(account);
        storage.State = HostedStorageState.Ready;
        storage.CloudAccountId = account.Id;
        storage.BucketName = bucketName;
        storage.HostRegionReference = access.RegionReference;
        storage.HostAccessKeyId = access.AccessKeyId;
        outbox.Enqueue(WelcomeEmail.For(email, region, request.StorageTier, access, bucketName, password));
        await db.SaveChangesAsync(CancellationToken.None);
        return account;
    }

    /// <summary>
    /// Undoes a failed provisioning in reverse, whatever the client does meanwhile: the bucket, the region, a host-side
    /// user not yet recorded; then the claim row, and the subscription when no other storage uses it (its host-side user
    /// goes once the row is gone, so a concurrent request of the same tier never loses the user it relies on). Each step
    /// is tried even when an earlier one failed; what cannot be undone is logged for an operator.
    /// </summary>
    private async Task UndoAsync(Provisioning progress)
    {
        var none = CancellationToken.None;
        if (progress is { BucketName: { } bucketName, Access: { } bucketAccess })
        {
            await TryUndoAsync(progress, "delete the bucket", async () =>
            {
                try
                {
                    await Buckets.DeleteBucketAsync(CredentialsOf(bucketAccess), bucketName, none);
                }
                catch (StorageProviderException e) when (e.Failure == ProviderFailure.NotFound)
                {
                    // Never made: its creation failed before the server acted on it.
                }
            });
        }

        if (progress is { Access: { } access, HostUser: { } user })
        {
            await TryUndoAsync(progress, "disable the region", () => host.DisableRegionAsync(user, access, none));
        }

        if (progress.UnrecordedHostUser is { } unrecorded)
        {
            await TryUndoAsync(progress, "remove the host-side user", () => host.RemoveUserAsync(unrecorded, none));
        }

        HostUser? orphanedUser = null;
        await TryUndoAsync(progress, "release the claim", async () => orphanedUser = await ReleaseClaimAsync(progress.Claim));
        if (orphanedUser is { } orphaned)
        {
            await TryUndoAsync(progress, "remove the host-side user", () => host.RemoveUserAsync(orphaned, none));
        }

        db.ChangeTracker.Clear();
    }

    /// <summary>Deletes the claim row, and the subscription if nothing else refers to it; answers that subscription's host-side user.</summary>
    private Task<HostUser?> ReleaseClaimAsync(Claim claim) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var none = CancellationToken.None;
            await using var transaction = await db.Database.BeginTransactionAsync(none);
            var subscription = await LockSubscriptionAsync(claim.SubscriptionId, none);
            await db.HostedStorages.IgnoreQueryFilters().Where(s => s.Id == claim.StorageId).ExecuteDeleteAsync(none);
            var inUse = await db.HostedStorages.IgnoreQueryFilters().AnyAsync(s => s.SubscriptionId == claim.SubscriptionId, none);
            // Used by another storage (or one of its concurrent claims), or already decommissioned by a delete: left alone.
            if (inUse || subscription.DeletedAt is not null)
            {
                await transaction.CommitAsync(none);
                return null;
            }

            await db.StorageSubscriptions.IgnoreQueryFilters().Where(s => s.Id == claim.SubscriptionId).ExecuteDeleteAsync(none);
            await transaction.CommitAsync(none);
            return subscription.HostUserPassword is null ? null : new HostUser(subscription.HostUserName);
        });

    /// <summary>
    /// Locks a subscription's row until the current transaction ends (a no-op update: PostgreSQL holds the row lock, SQLite
    /// the write lock) and reads it as it is now, deleted or not.
    /// </summary>
    private async Task<StorageSubscription> LockSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        var row = db.StorageSubscriptions.IgnoreQueryFilters().Where(s => s.Id == subscriptionId);
        await row.ExecuteUpdateAsync(set => set.SetProperty(s => s.CreatedAt, s => s.CreatedAt), cancellationToken);
        return await row.AsNoTracking().SingleAsync(cancellationToken);
    }

    private async Task TryUndoAsync(Provisioning progress, string step, Func<Task> undo)
    {
        try
        {
            await undo();
        }
        catch (Exception exception)
        {
            LogUndoFailed(exception, step, progress.Claim.StorageId);
        }
    }

    /// <summary>
    /// The caller's own internal storage: one the caller cannot see is not found; a user-connected account is refused with
    /// <paramref name="notInternal"/>; someone else's (shared) storage is theirs alone to <paramref name="action"/>.
    /// </summary>
    private async Task<CloudAccount> FindOwnInternalStorageAsync(
        CurrentUser caller, Guid id, string notInternal, string action, CancellationToken cancellationToken)
    {
        var account = await db.VisibleTo(caller).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw AmoveException.ObjectNotFound();
        if (!account.InternalStorage)
        {
            throw new AmoveException(ErrorCodes.Global, notInternal);
        }

        return account.UserId == caller.Id
            ? account
            : throw AmoveException.AccessDenied($"Only the owner of this storage can {action}.");
    }

    private static string ValidBucketName(string? bucketName) =>
        BucketNames.Problem(bucketName) is { } problem ? throw AmoveException.Invalid(problem) : bucketName!;

    private static StorageCredentials CredentialsOf(RegionAccess access) =>
        new(CloudProvider.S3Generic, access.ServiceUrl, new KeyPair(access.AccessKey, access.SecretKey));

    private static StorageCredentials CredentialsOf(CloudAccount account) =>
        new(CloudProvider.S3Generic, new Uri(account.ServiceUrl!), new KeyPair(account.AccessKey!, account.SecretKey!));

    private static RegionAccess AccessOf(CloudAccount account, HostedStorage storage) =>
        new(new Uri(account.ServiceUrl!), account.AccessKey!, account.SecretKey!, storage.HostRegionReference, storage.HostAccessKeyId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Provisioning Amove storage for user {UserId} in region {Region}, tier {Tier} failed; undoing what was done")]
    private partial void LogProvisioningFailed(Exception exception, Guid userId, string region, StorageTier tier);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Could not {Step} while undoing the provisioning of hosted storage {StorageId}; an operator must remove it by hand")]
    private partial void LogUndoFailed(Exception exception, string step, Guid storageId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Removed hosted storage claim {StorageId} of user {UserId} in region {Region}, tier {Tier}, abandoned while provisioning; " +
        "anything it made on the host is to be checked by an operator")]
    private partial void LogAbandonedClaimReleased(Guid storageId, Guid userId, string region, StorageTier tier);

    /// <summary>The claim row of one provisioning, and the subscription it hangs off.</summary>
    private sealed record Claim(Guid StorageId, Guid SubscriptionId);

    /// <summary>What one provisioning has done so far, for undoing it.</summary>
    private sealed class Provisioning(Claim claim)
    {
        public Claim Claim { get; } = claim;

        public HostUser? HostUser { get; set; }

        /// <summary>A host-side user created by this request whose record has not been committed yet.</summary>
        public HostUser? UnrecordedHostUser { get; set; }

        public string? UnrecordedPassword { get; set; }

        public RegionAccess? Access { get; set; }

        public string? BucketName { get; set; }
    }
}
