namespace Amove.CloudAccounts.Core.Entities;

/// <summary>
/// A long-lived token a user minted for an agent or a script, and the server-side session it is bound to: the token is
/// accepted only while this row is live and unexpired, so deleting the row revokes it on every instance at once.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; init; }

    public Guid AccountId { get; init; }

    public Guid UserId { get; init; }

    /// <summary>The session the token carries in its <c>sid</c> claim.</summary>
    public Guid SessionId { get; init; }

    public required string Title { get; init; }

    public bool IsEncrypted { get; init; }

    /// <summary>Plaintext in memory only: the column is encrypted. Kept to read the token and to encrypt what it receives.</summary>
    public string? EncryptionKey { get; init; }

    public DateTime ExpirationDate { get; init; }

    public DateTime CreateDate { get; init; }

    /// <summary>Set when the token is revoked; the soft-delete query filter hides such rows.</summary>
    public DateTime? DeletedAt { get; set; }
}
