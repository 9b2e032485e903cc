using Amove.CloudAccounts.Connectors;

namespace Amove.CloudAccounts.Core.Entities;

/// <summary>
/// A user's connection to one storage cloud. <see cref="AccessKey"/>, <see cref="SecretKey"/> and
/// <see cref="CredentialsData"/> hold plaintext in memory only: the database columns are encrypted.
/// </summary>
public sealed class CloudAccount
{
    public Guid Id { get; init; }

    public Guid AccountId { get; init; }

    public Guid UserId { get; init; }

    public CloudProvider CloudType { get; init; }

    public required string Name { get; set; }

    public string? AccessKey { get; set; }

    /// <summary>
    /// The access key as responses show it (<see cref="CloudAccounts.CredentialMask.AccessKey"/>), kept in plaintext
    /// so listings never decrypt. Whatever sets <see cref="AccessKey"/> sets this too.
    /// </summary>
    public string? MaskedAccessKey { get; set; }

    public string? SecretKey { get; set; }

    public string? CredentialsData { get; set; }

    public string? ServiceUrl { get; set; }

    public bool Active { get; set; } = true;

    public bool Shared { get; set; }

    public bool InternalStorage { get; init; }

    public StorageTier StorageTier { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? UpdatedAt { get; set; }

    /// <summary>Set instead of removing the row; the soft-delete query filter hides such rows.</summary>
    public DateTime? DeletedAt { get; set; }
}
