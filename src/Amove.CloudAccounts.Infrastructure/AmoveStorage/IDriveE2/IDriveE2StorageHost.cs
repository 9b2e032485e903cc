using System.Globalization;
using System.Text;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.IDriveE2;

/// <summary>
/// Amove storage on IDrive e2 under a reseller account: one e2 user per Amove user and tier, a region enabled per
/// storage, a read/write access key per region, usage from e2's usage report. The paths and fields are in
/// <see cref="IDriveE2Api"/>.
/// </summary>
internal sealed partial class IDriveE2StorageHost(
    IDriveE2Client client, IOptions<IDriveE2Options> options, TimeProvider clock, ILogger<IDriveE2StorageHost> logger)
    : IAmoveStorageHost
{
    private readonly SemaphoreSlim _regionsRefresh = new(1, 1);
    private volatile CachedRegions? _regions;

    /// <summary>The active regions, reused for <see cref="IDriveE2Options.RegionCacheMinutes"/>: add_storage asks for them too.</summary>
    public async Task<IReadOnlyList<HostRegion>> ListRegionsAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _regionsRefresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            var regions = IDriveE2Api.ReadRegions(await client.SendAsync(IDriveE2Api.Regions, body: null, cancellationToken));
            _regions = new CachedRegions(regions, clock.GetUtcNow());
            return regions;
        }
        finally
        {
            _regionsRefresh.Release();
        }
    }

    public async Task<HostUser> CreateUserAsync(HostUserRequest request, CancellationToken cancellationToken)
    {
        var email = TierEmail(request.Email, request.StorageTier);
        await client.SendAsync(
            IDriveE2Api.CreateUser,
            new IDriveE2Api.CreateUserBody(
                email,
                Convert.ToBase64String(Encoding.UTF8.GetBytes(request.Password)),
                FirstName: "Amove",
                LastName: request.StorageTier.ToString(),
                options.Value.UserQuota,
                EmailNotification: false),
            cancellationToken);
        return new HostUser(email);
    }

    public async Task RemoveUserAsync(HostUser user, CancellationToken cancellationToken) =>
        await client.SendAsync(IDriveE2Api.RemoveUser, new IDriveE2Api.UserBody(EmailOf(user)), cancellationToken);

    /// <summary>
    /// Enables the region, then creates its access key; when the key cannot be had, the region is removed again before the
    /// failure is passed on, so the caller has nothing of this step to undo.
    /// </summary>
    public async Task<RegionAccess> EnableRegionAsync(HostUser user, HostRegion region, CancellationToken cancellationToken)
    {
        var email = EmailOf(user);
        var enabled = await client.SendAsync(
            IDriveE2Api.EnableUserRegion, new IDriveE2Api.EnableUserRegionBody(email, region.Key), cancellationToken);
        var storageDn = IDriveE2Api.ReadStorageDn(enabled);
        try
        {
            var created = await client.SendAsync(
                IDriveE2Api.CreateAccessKey,
                new IDriveE2Api.CreateAccessKeyBody(
                    email, storageDn, $"amove-{region.Key.ToLowerInvariant()}", IDriveE2Api.ReadWritePermission),
                cancellationToken);
            var (accessKey, secretKey) = IDriveE2Api.ReadAccessKey(created);
            return new RegionAccess(IDriveE2Api.ServiceUrlOf(storageDn)!, accessKey, secretKey, storageDn, accessKey);
        }
        catch (Exception failure)
        {
            // Even when the caller gave up: the region was enabled for this request, and nobody else will remove it.
            try
            {
                await client.SendAsync(
                    IDriveE2Api.RemoveUserRegion, new IDriveE2Api.RemoveUserRegionBody(email, storageDn), CancellationToken.None);
            }
            catch (Exception undo) when (undo is not OutOfMemoryException)
            {
                LogRegionLeft(logger, region.Key, storageDn, failure.Message, undo.Message);
            }

            throw;
        }
    }

    public async Task DisableRegionAsync(HostUser user, RegionAccess access, CancellationToken cancellationToken)
    {
        var email = EmailOf(user);
        var storageDn = access.RegionReference ?? access.ServiceUrl.Authority;
        StorageProviderException? keyRefused = null;
        if (access.AccessKeyId is { } accessKey)
        {
            try
            {
                await client.SendAsync(
                    IDriveE2Api.RemoveAccessKey, new IDriveE2Api.RemoveAccessKeyBody(email, accessKey, storageDn), cancellationToken);
            }
            catch (StorageProviderException refused) when (!cancellationToken.IsCancellationRequested)
            {
                // An earlier attempt that removed the key but not the region leaves e2 refusing the key as unknown, and
                // e2's wording for that is not documented. Removing the region takes whatever key is left with it, so the
                // region's answer decides; without this a half-finished delete could never be retried.
                keyRefused = refused;
            }
        }

        await client.SendAsync(IDriveE2Api.RemoveUserRegion, new IDriveE2Api.RemoveUserRegionBody(email, storageDn), cancellationToken);
        if (keyRefused is not null)
        {
            LogKeyGoneWithRegion(logger, storageDn, keyRefused.Message);
        }
    }

    /// <summary>Today's (UTC) figure of e2's usage report for the user, over all its regions; e2 measures, so buckets are not read.</summary>
    public async Task<long> ReadUsageBytesAsync(HostUser user, IReadOnlyList<HostedBucket> buckets, CancellationToken cancellationToken)
    {
        var today = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var answer = await client.SendAsync(
            IDriveE2Api.UsageStats, new IDriveE2Api.UsageStatsBody(EmailOf(user), today, today), cancellationToken);
        return IDriveE2Api.ReadUsageBytes(answer);
    }

    /// <summary>
    /// The e2 user's address for one Amove user and tier: the user's own address, plus-addressed with the tier
    /// (<c>ann+amove-perform@example.com</c>). It is derived, never stored elsewhere first, so the same user and tier always
    /// name the same e2 user; it stays the user's mailbox should e2 ever write to it; and it never collides with an e2
    /// account the user may hold under the plain address.
    /// </summary>
    internal static string TierEmail(string email, StorageTier tier)
    {
        if (tier == StorageTier.All || !Enum.IsDefined(tier))
        {
            throw new ArgumentOutOfRangeException(nameof(tier), tier, "An e2 user belongs to one storage tier.");
        }

        var at = email.LastIndexOf('@');
        var (local, domain) = at > 0 ? (email[..at].Trim(), email[(at + 1)..].Trim()) : ("", "");
        var tierLocal = $"{local}+amove-{tier.ToString().ToLowerInvariant()}";
        return local.Length > 0 && domain.Length > 0 && tierLocal.Length <= 64 && tierLocal.Length + 1 + domain.Length <= 254
            && !email.Any(char.IsWhiteSpace)
            ? $"{tierLocal}@{domain}"
            : throw AmoveException.Invalid("Your e-mail address cannot name an Amove storage account: it must be a valid address of at most 50 characters before the '@'.");
    }

    private static string EmailOf(HostUser user) =>
        user.Name ?? throw new ArgumentException("An IDrive e2 user is named by its e-mail address.", nameof(user));

    private IReadOnlyList<HostRegion>? Fresh() =>
        _regions is { } cached && clock.GetUtcNow() - cached.FetchedAt < TimeSpan.FromMinutes(options.Value.RegionCacheMinutes)
            ? cached.Regions
            : null;

    // A reference, swapped whole, so concurrent readers never see one list with another's time.
    private sealed record CachedRegions(IReadOnlyList<HostRegion> Regions, DateTimeOffset FetchedAt);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "IDrive e2 refused to remove the access key of {StorageDn} ({Failure}); the region, and any key left in it, was removed")]
    private static partial void LogKeyGoneWithRegion(ILogger logger, string storageDn, string failure);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Region {Region} ({StorageDn}) stays enabled on IDrive e2: its access key failed ({Failure}) and removing it failed too ({UndoFailure})")]
    private static partial void LogRegionLeft(ILogger logger, string region, string storageDn, string failure, string undoFailure);
}
