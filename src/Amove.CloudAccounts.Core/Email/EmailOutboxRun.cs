namespace Amove.CloudAccounts.Core.Email;

/// <summary>What one run of the outbox did: e-mails claimed, sent (and removed), and failed (and rescheduled).</summary>
public sealed record EmailOutboxRun(int Claimed, int Sent, int Failed)
{
    public static readonly EmailOutboxRun Nothing = new(0, 0, 0);
}
