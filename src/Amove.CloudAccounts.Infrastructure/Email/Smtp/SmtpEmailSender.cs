using System.Net.Sockets;
using Amove.CloudAccounts.Core.Email;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Amove.CloudAccounts.Infrastructure.Email.Smtp;

/// <summary>
/// Sends one plain-text message per connection with MailKit. Failures become <see cref="EmailDeliveryException"/>s
/// whose text names the server and the kind of failure only: servers' own replies may quote the recipient.
/// </summary>
internal sealed partial class SmtpEmailSender(IOptions<SmtpEmailOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    /// <summary>Implicit TLS (SMTPS) is spoken on this port; every other port starts in clear and upgrades with STARTTLS.</summary>
    public const int ImplicitTlsPort = 465;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var smtp = settings.Smtp;
        var server = $"{smtp.Host}:{smtp.Port}";
        var timeout = TimeSpan.FromSeconds(smtp.TimeoutSeconds);

        MimeMessage mime;
        try
        {
            mime = new MimeMessage
            {
                Subject = message.Subject,
                Body = new TextPart(TextFormat.Plain) { Text = message.Body },
            };
            mime.From.Add(MailboxAddress.Parse(settings.From ?? ""));
            mime.To.Add(MailboxAddress.Parse(message.Recipient));
        }
        catch (ParseException exception)
        {
            throw new EmailDeliveryException("The recipient or sender address is not a valid e-mail address.", exception);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host ?? "", smtp.Port, SocketOptions(smtp), deadline.Token);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", deadline.Token);
            }

            await client.SendAsync(mime, deadline.Token);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && Reason(exception, timeout) is { } reason)
        {
            throw new EmailDeliveryException($"SMTP {server}: {reason}", exception);
        }

        LogAccepted(server, mime.MessageId ?? "");
        try
        {
            await client.DisconnectAsync(quit: true, deadline.Token);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ProtocolException or OperationCanceledException)
        {
            // The message is accepted; a failed goodbye must not make the outbox send it again.
        }
    }

    private static SecureSocketOptions SocketOptions(SmtpEmailOptions.SmtpSettings smtp) => smtp switch
    {
        { UseTls: false } => SecureSocketOptions.None,
        { Port: ImplicitTlsPort } => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>The kind of failure, never the server's reply text (it may quote the addresses).</summary>
    private static string? Reason(Exception exception, TimeSpan timeout) => exception switch
    {
        SmtpCommandException e => $"refused ({e.ErrorCode}, status {(int)e.StatusCode} {e.StatusCode}).",
        AuthenticationException => "the server refused the configured credentials.",
        SslHandshakeException => "the TLS handshake failed.",
        SocketException e => $"could not connect ({e.SocketErrorCode}).",
        OperationCanceledException or TimeoutException => $"no answer within {timeout.TotalSeconds:0} seconds.",
        SmtpProtocolException => "the server broke the SMTP protocol.",
        NotSupportedException => "the server does not offer what the settings ask for (STARTTLS or authentication).",
        IOException => "the connection broke.",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMTP {Server} accepted message {MessageId}")]
    private partial void LogAccepted(string server, string messageId);
}
