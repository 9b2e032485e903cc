using Amove.CloudAccounts.Core.AmoveStorage.Contracts;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Amove.CloudAccounts.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace Amove.CloudAccounts.Core.AmoveStorage;

/// <summary>Amove-hosted storage: regions, provisioning, its buckets, its credentials and its usage.</summary>
public sealed class AmoveStorageService(CloudAccountsDbContext db, IAmoveStorageHost host, TimeProvider clock)
{
    /// <summary>The window daily usage looks back over.</summary>
    public static readonly TimeSpan UsageWindow = TimeSpan.FromHours(24);

    public async Task<IReadOnlyList<AmoveRegionResponse>> ListRegionsAsync(CancellationToken cancellationToken) =>
        [.. (await host.ListRegionsAsync(cancellationToken)).Select(r => new AmoveRegionResponse(r.Name, r.Key))];

    public Task<CloudAccountResponse> AddStorageAsync(CurrentUser caller, AddStorageRequest request, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<bool> DeleteStorageAsync(CurrentUser caller, Guid id, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task CreateBucketAsync(CurrentUser caller, Guid cloudAccountId, string? bucketName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task DeleteBucketAsync(CurrentUser caller, Guid cloudAccountId, string? bucketName, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<IReadOnlyList<AmoveStorageResponse>> GetAmoveStorageAsync(CurrentUser caller, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

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
}
