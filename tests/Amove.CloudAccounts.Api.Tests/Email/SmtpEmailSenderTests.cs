using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Email;
using Amove.CloudAccounts.Infrastructure.Email.Smtp;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.Email;

/// <summary>The MailKit sender against the local maildev, and the check of its settings at startup.</summary>
public sealed class SmtpEmailSenderTests
{
    [Fact]
    public async Task With_UseTls_the_sender_refuses_to_send_in_clear_text_to_a_server_that_offers_no_STARTTLS()
    {
        var message = OutboxTestExtensions.UniqueMessage();

        var refused = await Assert.ThrowsAsync<EmailDeliveryException>(() => Sender(useTls: true).SendAsync(message, CancellationToken.None));
        Assert.Contains("STARTTLS", refused.Message);
        Assert.DoesNotContain(message.Recipient, refused.Message);

        // The same message without TLS arrives, once: the refused attempt never handed it over.
        await Sender(useTls: false).SendAsync(message, CancellationToken.None);
        var received = Assert.Single(await Maildev.WaitForAsync(m => m.Subject == message.Subject));
        Assert.Equal([message.Recipient], received.To);
    }

    [Fact]
    public async Task A_recipient_that_is_not_an_address_is_refused_before_any_connection()
    {
        var message = OutboxTestExtensions.UniqueMessage() with { Recipient = "not an address" };

        var refused = await Assert.ThrowsAsync<EmailDeliveryException>(() => Sender(useTls: false).SendAsync(message, CancellationToken.None));

        Assert.Contains("not a valid e-mail address", refused.Message);
    }

    [Theory]
    [InlineData("Production", false)]
    [InlineData("Staging", true)]
    [InlineData("Development", true)]
    public void Without_an_SMTP_host_e_mail_is_off_which_Production_refuses_at_startup(string environment, bool accepted)
    {
        var result = Validate(environment, new SmtpEmailOptions());

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.Contains("Email:Smtp:Host is required in Production", result.FailureMessage);
        }
    }

    [Theory]
    [InlineData(null, 587, null, null, "Email:From")]
    [InlineData("not an address", 587, null, null, "Email:From")]
    [InlineData("Amove <storage@amove.test>", 0, null, null, "Email:Smtp:Port")]
    [InlineData("storage@amove.test", 25, "mailer", "secret", "clear text", false)]
    [InlineData("storage@amove.test", 587, "mailer", null, "Email:Smtp:Username and Email:Smtp:Password")]
    public void Incomplete_or_unsafe_SMTP_settings_are_refused_at_startup(
        string? from, int port, string? username, string? password, string problem, bool useTls = true)
    {
        var options = new SmtpEmailOptions
        {
            From = from,
            Smtp = new SmtpEmailOptions.SmtpSettings { Host = "smtp.amove.test", Port = port, Username = username, Password = password, UseTls = useTls },
        };

        var result = Validate("Production", options);

        Assert.False(result.Succeeded);
        Assert.Contains(problem, result.FailureMessage);
    }

    [Fact]
    public void Complete_SMTP_settings_are_accepted_in_Production()
    {
        var options = new SmtpEmailOptions
        {
            From = "Amove <storage@amove.test>",
            Smtp = new SmtpEmailOptions.SmtpSettings { Host = "smtp.amove.test", Username = "mailer", Password = "secret" },
        };

        Assert.True(Validate("Production", options).Succeeded);
    }

    private static ValidateOptionsResult Validate(string environment, SmtpEmailOptions options) =>
        new SmtpEmailOptionsValidator(new HostingEnvironment { EnvironmentName = environment }).Validate(null, options);

    private static SmtpEmailSender Sender(bool useTls) => new(
        Options.Create(new SmtpEmailOptions
        {
            From = EmailWorkerApiFactory.From,
            Smtp = new SmtpEmailOptions.SmtpSettings
            {
                Host = TestEnvironment.MaildevSmtpHost,
                Port = TestEnvironment.MaildevSmtpPort,
                UseTls = useTls,
                TimeoutSeconds = 10,
            },
        }),
        NullLogger<SmtpEmailSender>.Instance);
}
