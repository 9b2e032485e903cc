namespace Amove.CloudAccounts.Core.Entities;

/// <summary>The bytes a subscription used at one moment, as its host reported them.</summary>
public sealed class StorageUsageSample
{
    public Guid Id { get; init; }

    public Guid SubscriptionId { get; init; }

    public Guid UserId { get; init; }

    public StorageTier StorageTier { get; init; }

    public long Bytes { get; init; }

    public DateTime SampledAt { get; init; }
}
