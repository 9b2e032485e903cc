namespace Amove.CloudAccounts.Core.Entities;

/// <summary>
/// An e-mail waiting to be sent, written in the same transaction as what it announces and removed once sent.
/// <see cref="Recipient"/>, <see cref="Subject"/> and <see cref="Body"/> are encrypted at rest (the body carries
/// credentials).
/// </summary>
public sealed class OutboxEmail
{
    public Guid Id { get; init; }

    public required string Recipient { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    public DateTime CreatedAt { get; init; }

    public int Attempts { get; set; }

    /// <summary>Not before this moment: the back-off after a failed attempt.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The instance that claimed the row, and until when its claim holds; a lease, not a lock.</summary>
    public string? ClaimedBy { get; set; }

    public DateTime? ClaimedUntil { get; set; }

    /// <summary>The last failure, for operators; never contains the message itself.</summary>
    public string? LastError { get; set; }
}
