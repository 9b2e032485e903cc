using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.Email;

/// <summary>
/// Queues e-mails in the database, in the caller's unit of work: they are saved, and later sent, only if what they
/// announce is saved too.
/// </summary>
public sealed class EmailOutbox(CloudAccountsDbContext db, TimeProvider clock)
{
    /// <summary>Adds the message to the context; the caller's SaveChanges stores it.</summary>
    public void Enqueue(EmailMessage message)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxEmails.Add(new OutboxEmail
        {
            Id = Guid.CreateVersion7(),
            Recipient = message.Recipient,
            Subject = message.Subject,
            Body = message.Body,
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }
}
