using System.Net;
using System.Net.Sockets;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Email;
using Amove.CloudAccounts.Infrastructure.Email.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.Email;

/// <summary>The outbox's claims, deletes and reschedules on SQLite, the database of the embedded default run.</summary>
public sealed class EmailOutboxOnSqliteTests
{
    [Fact]
    public async Task On_SQLite_a_queued_e_mail_is_delivered_once_and_removed_and_a_failed_one_is_rescheduled()
    {
        using var api = new SqliteApiFactory();
        EmailWorkerApiFactory.UseMaildev(api.Settings);
        api.TestServices.Add(services => services.RemoveBackgroundWork());
        var delivered = OutboxTestExtensions.UniqueMessage();
        var failing = OutboxTestExtensions.UniqueMessage();

        var deliveredId = Assert.Single(await api.EnqueueAsync(delivered));
        Assert.Equal(new EmailOutboxRun(1, 1, 0), await api.Services.GetRequiredService<EmailOutboxDispatcher>().RunOnceAsync(CancellationToken.None));
        Assert.Single(await Maildev.WaitForAsync(m => m.Subject == delivered.Subject));

        var failingId = Assert.Single(await api.EnqueueAsync(failing));
        var down = new SmtpEmailSender(
            Options.Create(new SmtpEmailOptions
            {
                From = EmailWorkerApiFactory.From,
                Smtp = new SmtpEmailOptions.SmtpSettings { Host = "127.0.0.1", Port = PortNobodyListensOn(), UseTls = false },
            }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SmtpEmailSender>.Instance);
        Assert.Equal(new EmailOutboxRun(1, 0, 1), await ActivatorUtilities.CreateInstance<EmailOutboxDispatcher>(api.Services, down).RunOnceAsync(CancellationToken.None));

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        Assert.False(await db.OutboxEmails.AnyAsync(e => e.Id == deliveredId));
        var rescheduled = await db.OutboxEmails.AsNoTracking().SingleAsync(e => e.Id == failingId);
        Assert.Equal(1, rescheduled.Attempts);
        Assert.True(rescheduled.NextAttemptAt > DateTime.UtcNow.AddSeconds(20), $"{rescheduled.NextAttemptAt:o}");
        Assert.Null(rescheduled.ClaimedBy);
        Assert.Contains("could not connect", rescheduled.LastError);
    }

    private static int PortNobodyListensOn()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
