using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Email;

/// <summary>The outbox worker as it runs in the host, delivering to the local maildev.</summary>
public sealed class EmailOutboxWorkerTests(EmailWorkerApiFactory api) : IClassFixture<EmailWorkerApiFactory>
{
    [Fact]
    public async Task An_e_mail_saved_with_its_work_is_delivered_by_the_background_worker_once_and_leaves_the_outbox()
    {
        var message = OutboxTestExtensions.UniqueMessage();
        var id = Assert.Single(await api.EnqueueAsync(message));

        var received = Assert.Single(await Maildev.WaitForAsync(m => m.Subject == message.Subject));
        Assert.Equal([message.Recipient], received.To);
        Assert.Equal(["storage@amove.test"], received.From);
        Assert.Equal(message.Body.Normalized(), received.Text.Normalized());

        await WaitUntilGoneAsync(id);
        Assert.Single(await Maildev.WaitForAsync(m => m.Subject == message.Subject));
    }

    [Fact]
    public async Task An_e_mail_queued_in_a_transaction_that_is_rolled_back_is_never_sent()
    {
        var rolledBack = OutboxTestExtensions.UniqueMessage("Rolled back");
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                outbox.Enqueue(rolledBack);
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            });
        }

        // Queued after the rolled-back one: once the worker has delivered it, it has looked at everything before it.
        var later = OutboxTestExtensions.UniqueMessage("Committed");
        var laterId = Assert.Single(await api.EnqueueAsync(later));
        await Maildev.WaitForAsync(m => m.Subject == later.Subject);
        await WaitUntilGoneAsync(laterId);

        Assert.DoesNotContain(await Maildev.MessagesAsync(), m => m.Subject == rolledBack.Subject);
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM email_outbox"));
    }

    /// <summary>The row is deleted right after the server accepted the message.</summary>
    private async Task WaitUntilGoneAsync(Guid id)
    {
        await Poll.UntilAsync(
            async () => await api.ScalarAsync<long>("SELECT count(*) FROM email_outbox WHERE id = $1", id) == 0, $"outbox row {id} to go");
    }
}
