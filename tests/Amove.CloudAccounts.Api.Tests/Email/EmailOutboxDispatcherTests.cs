using System.Net;
using System.Net.Sockets;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Email;
using Amove.CloudAccounts.Infrastructure.Email.Smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.Email;

/// <summary>The outbox run by the test (no background worker), on a clock the test moves, delivering to maildev.</summary>
public sealed class EmailOutboxDispatcherTests(EmailDispatcherApiFactory api) : IClassFixture<EmailDispatcherApiFactory>
{
    [Fact]
    public async Task A_queued_e_mail_is_encrypted_in_the_database_then_delivered_once_intact_and_removed()
    {
        var message = OutboxTestExtensions.UniqueMessage();
        var id = Assert.Single(await api.EnqueueAsync(message));

        var stored = await api.ScalarAsync<string>("SELECT concat_ws(' | ', recipient, subject, body) FROM email_outbox WHERE id = $1", id);
        Assert.NotNull(stored);
        var secret = message.Body.Split('\n')[1]["Secret key: ".Length..];
        Assert.DoesNotContain(secret, stored);
        Assert.DoesNotContain(message.Subject, stored);
        Assert.DoesNotContain(message.Recipient, stored);

        var run = await Dispatcher().RunOnceAsync(CancellationToken.None);

        Assert.Equal(new EmailOutboxRun(1, 1, 0), run);
        var received = Assert.Single(await Maildev.WaitForAsync(m => m.Subject == message.Subject));
        Assert.Equal([message.Recipient], received.To);
        Assert.Equal(message.Body.Normalized(), received.Text.Normalized());
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM email_outbox WHERE id = $1", id));
        Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_e_mail_whose_SMTP_server_is_down_waits_with_back_off_and_is_delivered_once_the_server_is_back()
    {
        var message = OutboxTestExtensions.UniqueMessage();
        var id = Assert.Single(await api.EnqueueAsync(message));
        var down = ActivatorUtilities.CreateInstance<SmtpEmailSender>(api.Services, Options.Create(new SmtpEmailOptions
        {
            From = EmailWorkerApiFactory.From,
            Smtp = new SmtpEmailOptions.SmtpSettings
            {
                Host = "127.0.0.1",
                Port = PortNobodyListensOn(),
                UseTls = false,
                Username = "mailer",
                Password = "smtp-password-never-logged",
            },
        }));

        var failedRun = await ActivatorUtilities.CreateInstance<EmailOutboxDispatcher>(api.Services, down).RunOnceAsync(CancellationToken.None);

        Assert.Equal(new EmailOutboxRun(1, 0, 1), failedRun);
        Assert.Equal(1, await api.ScalarAsync<int>("SELECT attempts FROM email_outbox WHERE id = $1", id));
        var nextAttempt = await api.ScalarAsync<DateTime>("SELECT next_attempt_at FROM email_outbox WHERE id = $1", id);
        Assert.Equal(api.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), nextAttempt, TimeSpan.FromMilliseconds(1));
        Assert.Null(await api.ScalarAsync<string>("SELECT claimed_by FROM email_outbox WHERE id = $1", id));
        var lastError = await api.ScalarAsync<string>("SELECT last_error FROM email_outbox WHERE id = $1", id);
        Assert.Contains("could not connect (ConnectionRefused)", lastError);
        Assert.DoesNotContain(message.Recipient, lastError);

        // Back up, but the back-off has not passed: the e-mail is not due yet.
        var dispatcher = Dispatcher();
        Assert.Equal(EmailOutboxRun.Nothing, await dispatcher.RunOnceAsync(CancellationToken.None));

        api.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new EmailOutboxRun(1, 1, 0), await dispatcher.RunOnceAsync(CancellationToken.None));

        var received = Assert.Single(await Maildev.WaitForAsync(m => m.Subject == message.Subject));
        Assert.Equal(message.Body.Normalized(), received.Text.Normalized());
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM email_outbox WHERE id = $1", id));
        var secret = message.Body.Split('\n')[1]["Secret key: ".Length..];
        Assert.Contains(api.Logs.Lines, line => line.Contains($"{id} not sent (attempt 1)", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Logs.Lines, line =>
            line.Contains(secret, StringComparison.Ordinal)
            || line.Contains(message.Recipient, StringComparison.Ordinal)
            || line.Contains("smtp-password-never-logged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_dispatchers_sharing_the_database_send_each_of_twenty_queued_e_mails_exactly_once()
    {
        var batch = Guid.NewGuid().ToString("N");
        var messages = Enumerable.Range(1, 20).Select(i => OutboxTestExtensions.UniqueMessage($"Batch {batch} #{i:00}")).ToArray();
        await api.EnqueueAsync(messages);
        EmailOutboxDispatcher first = Dispatcher(), second = Dispatcher();
        Assert.NotEqual(first.InstanceId, second.InstanceId);

        // Both run at the same time, over and over, until neither finds anything (batches of 5: at least 4 runs).
        var sent = 0;
        for (var round = 0; round < 20; round++)
        {
            var runs = await Task.WhenAll(
                Task.Run(() => first.RunOnceAsync(CancellationToken.None)),
                Task.Run(() => second.RunOnceAsync(CancellationToken.None)));
            Assert.All(runs, run => Assert.Equal(0, run.Failed));
            sent += runs.Sum(run => run.Sent);
            if (runs.All(run => run.Claimed == 0))
            {
                break;
            }
        }

        Assert.Equal(20, sent);
        var received = await Maildev.WaitForAsync(m => m.Subject.Contains(batch, StringComparison.Ordinal), count: 20);
        Assert.Equal(messages.Select(m => m.Subject).Order(), received.Select(m => m.Subject).Order());
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM email_outbox"));
    }

    [Fact]
    public async Task An_e_mail_accepted_by_the_server_whose_row_could_not_be_removed_is_sent_again_once_its_claim_expires()
    {
        var message = OutboxTestExtensions.UniqueMessage();
        var id = Assert.Single(await api.EnqueueAsync(message));
        var dispatcher = Dispatcher();
        api.DeleteFailure.ArmOnce();

        Assert.Equal(new EmailOutboxRun(1, 1, 0), await dispatcher.RunOnceAsync(CancellationToken.None));
        await Maildev.WaitForAsync(m => m.Subject == message.Subject);
        Assert.Contains(api.Logs.Lines, line => line.Contains($"{id} was sent (attempt 1) but its outbox row could not be removed", StringComparison.Ordinal));

        // Its claim still holds: no instance sends it meanwhile.
        Assert.Equal(EmailOutboxRun.Nothing, await Dispatcher().RunOnceAsync(CancellationToken.None));

        // Delivery is at least once: after the claim, it goes out a second time, and then leaves the outbox.
        api.Clock.Advance(TimeSpan.FromSeconds(new EmailOutboxOptions().ClaimSeconds));
        Assert.Equal(new EmailOutboxRun(1, 1, 0), await Dispatcher().RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, (await Maildev.WaitForAsync(m => m.Subject == message.Subject, count: 2)).Count);
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM email_outbox WHERE id = $1", id));
    }

    /// <summary>A dispatcher of its own (its own instance id), as another instance of the service would have.</summary>
    private EmailOutboxDispatcher Dispatcher() => ActivatorUtilities.CreateInstance<EmailOutboxDispatcher>(api.Services);

    private static int PortNobodyListensOn()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
