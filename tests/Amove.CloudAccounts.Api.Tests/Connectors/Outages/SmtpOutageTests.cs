using Amove.CloudAccounts.Api.Tests.Email;
using Amove.CloudAccounts.Core.Email;
using Amove.CloudAccounts.Infrastructure.Email.Smtp;
using Amove.CloudAccounts.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Outages;

/// <summary>
/// The SMTP server in an outage: each send ends with a delivery failure that names the kind of failure (the outbox then
/// reschedules the e-mail with back-off), after one connection, never a burst of them.
/// </summary>
public sealed class SmtpOutageTests
{
    [Fact]
    public async Task A_refused_connection_is_a_delivery_failure_saying_it_could_not_connect()
    {
        var port = LoopbackHttpServer.UnusedPort();

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => SenderFor(port).SendAsync(Message(), CancellationToken.None));

        Assert.Contains("could not connect (ConnectionRefused)", failure.Message);
    }

    [Theory]
    [InlineData(TcpMisbehaviour.Silent, "no answer within 1 seconds")]
    [InlineData(TcpMisbehaviour.Garbage, "broke the SMTP protocol")]
    public async Task A_misbehaving_server_is_a_delivery_failure_after_a_single_connection(TcpMisbehaviour misbehaviour, string reason)
    {
        await using var server = new MisbehavingTcpServer(misbehaviour);
        var message = Message();

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => SenderFor(server.Port).SendAsync(message, CancellationToken.None));

        Assert.Contains(reason, failure.Message);
        Assert.DoesNotContain(message.Recipient, failure.Message);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_server_that_resets_every_connection_is_a_delivery_failure_after_a_single_connection()
    {
        await using var server = new MisbehavingTcpServer(TcpMisbehaviour.ResetAtOnce);

        // Whether the reset reaches MailKit as a socket error or as the greeting cut short depends on timing: either is
        // the same bounded failure for the outbox.
        await Assert.ThrowsAsync<EmailDeliveryException>(() => SenderFor(server.Port).SendAsync(Message(), CancellationToken.None));

        Assert.Equal(1, server.Connections);
    }

    private static EmailMessage Message() => OutboxTestExtensions.UniqueMessage();

    private static SmtpEmailSender SenderFor(int port) => new(
        Options.Create(new SmtpEmailOptions
        {
            From = EmailWorkerApiFactory.From,
            Smtp = new SmtpEmailOptions.SmtpSettings { Host = "127.0.0.1", Port = port, UseTls = false, TimeoutSeconds = 1 },
        }),
        NullLogger<SmtpEmailSender>.Instance);
}
