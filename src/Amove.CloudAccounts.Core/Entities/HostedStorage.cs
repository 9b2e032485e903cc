namespace Amove.CloudAccounts.Core.Entities;

/// <summary>
/// One Amove-hosted storage: a region of a <see cref="StorageSubscription"/>, seen by users as the internal
/// <see cref="CloudAccount"/> it created. The row is written before the host is touched, so that the unique
/// (user, region, tier) index decides between concurrent requests; it is <see cref="HostedStorageState.Ready"/>
/// once the host work and the cloud account are done.
/// </summary>
public sealed class HostedStorage
{
    public Guid Id { get; init; }

    public Guid SubscriptionId { get; init; }

    public Guid AccountId { get; init; }

    public Guid UserId { get; init; }

    public StorageTier StorageTier { get; init; }

    /// <summary>The region's key form (<c>OR</c>), whichever form the request used.</summary>
    public required string RegionCode { get; init; }

    public HostedStorageState State { get; set; }

    /// <summary>The cloud account users see; null while provisioning.</summary>
    public Guid? CloudAccountId { get; set; }

    /// <summary>The bucket created when the storage was provisioned.</summary>
    public string? BucketName { get; set; }

    /// <summary>What the host needs to remove this region again (IDrive e2: the storage_dn); null if nothing.</summary>
    public string? HostRegionReference { get; set; }

    /// <summary>The id of the access key the host created for this region; null for hosts with shared keys.</summary>
    public string? HostAccessKeyId { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime? DeletedAt { get; set; }
}

public enum HostedStorageState
{
    Provisioning = 0,
    Ready = 1,
}
