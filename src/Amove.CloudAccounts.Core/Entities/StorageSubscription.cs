namespace Amove.CloudAccounts.Core.Entities;

/// <summary>
/// A user's subscription to Amove-hosted storage in one tier: the host keeps one user per Amove user and tier,
/// and every region the user provisions in that tier hangs off it (<see cref="HostedStorage"/>).
/// </summary>
public sealed class StorageSubscription
{
    public Guid Id { get; init; }

    public Guid AccountId { get; init; }

    public Guid UserId { get; init; }

    public StorageTier StorageTier { get; init; }

    /// <summary>The host-side user's name (IDrive e2: its e-mail address); null for hosts without users.</summary>
    public string? HostUserName { get; set; }

    /// <summary>The host-side user's password, encrypted at rest.</summary>
    public string? HostUserPassword { get; set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>Set when the last storage of the tier is deleted and the host-side user decommissioned.</summary>
    public DateTime? DeletedAt { get; set; }
}
