namespace Amove.CloudAccounts.Core.Email;

/// <summary>Delivers one e-mail now (SMTP in production); only the outbox worker calls it.</summary>
public interface IEmailSender
{
    /// <summary>Throws when the message was not accepted; the outbox then tries again later.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
