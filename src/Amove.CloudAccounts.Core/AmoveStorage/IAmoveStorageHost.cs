using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.AmoveStorage;

/// <summary>
/// The backend that hosts Amove storage (IDrive e2 in production, any S3-compatible server for development),
/// chosen by <c>AmoveStorage:Host</c>. Failures are thrown as
/// <see cref="Connectors.Abstractions.StorageProviderException"/> carrying the host's reason, like a connector's.
/// Buckets are not made here: they are S3 operations with the credentials <see cref="EnableRegionAsync"/> returns.
/// </summary>
public interface IAmoveStorageHost
{
    /// <summary>The regions storage can be provisioned in.</summary>
    Task<IReadOnlyList<HostRegion>> ListRegionsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the host-side user of one Amove user and tier; the answer is stored and passed back later.</summary>
    Task<HostUser> CreateUserAsync(HostUserRequest request, CancellationToken cancellationToken);

    /// <summary>Decommissions a host-side user and whatever is left of it.</summary>
    Task RemoveUserAsync(HostUser user, CancellationToken cancellationToken);

    /// <summary>Opens a region to a user: what a client needs to reach it, and what removes it again.</summary>
    Task<RegionAccess> EnableRegionAsync(HostUser user, HostRegion region, CancellationToken cancellationToken);

    /// <summary>Closes a region to a user again: its access key, then the region.</summary>
    Task DisableRegionAsync(HostUser user, RegionAccess access, CancellationToken cancellationToken);

    /// <summary>The bytes a user stores now, over all the regions of its tier.</summary>
    Task<long> ReadUsageBytesAsync(HostUser user, IReadOnlyList<HostedBucket> buckets, CancellationToken cancellationToken);
}

/// <summary>A region by its key (<c>OR</c>), its display name and its code form (<c>us-or</c>), when it has one.</summary>
public sealed record HostRegion(string Key, string Name, string? Code);

/// <summary>Who a host-side user is for. <see cref="Password"/> is the given default password or a generated one.</summary>
public sealed record HostUserRequest(Guid UserId, string Email, StorageTier StorageTier, string Password);

/// <summary>A host-side user as the host named it (IDrive e2: an e-mail address); null for hosts without users.</summary>
public sealed record HostUser(string? Name);

/// <summary>A region opened to a user: its S3 endpoint and keys, and the host's references to remove them again.</summary>
public sealed record RegionAccess(Uri ServiceUrl, string AccessKey, string SecretKey, string? RegionReference, string? AccessKeyId)
{
    /// <summary>Keys are never printed, should a record ever be logged.</summary>
    public override string ToString() => $"RegionAccess {{ ServiceUrl = {ServiceUrl}, RegionReference = {RegionReference} }}";
}

/// <summary>A bucket of a hosted storage, with the keys that reach it (for hosts that measure usage per bucket).</summary>
public sealed record HostedBucket(Uri ServiceUrl, string AccessKey, string SecretKey, string BucketName)
{
    public override string ToString() => $"HostedBucket {{ ServiceUrl = {ServiceUrl}, BucketName = {BucketName} }}";
}
