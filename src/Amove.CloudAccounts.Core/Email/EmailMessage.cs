namespace Amove.CloudAccounts.Core.Email;

/// <summary>A plain-text e-mail to one recipient.</summary>
public sealed record EmailMessage(string Recipient, string Subject, string Body)
{
    /// <summary>Bodies carry credentials: never printed.</summary>
    public override string ToString() => $"EmailMessage {{ Subject = {Subject} }}";
}
