using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Amove.CloudAccounts.Infrastructure.Email.Smtp;

/// <summary>
/// Checks the SMTP settings at startup. Without <c>Email:Smtp:Host</c> delivery is off, which is allowed outside
/// Production only: there the welcome e-mail is how users learn their storage credentials.
/// </summary>
internal sealed class SmtpEmailOptionsValidator(IHostEnvironment environment) : IValidateOptions<SmtpEmailOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpEmailOptions options)
    {
        var smtp = options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return environment.IsProduction()
                ? ValidateOptionsResult.Fail("Email:Smtp:Host is required in Production: the welcome e-mail carries the storage credentials.")
                : ValidateOptionsResult.Success;
        }

        List<string> problems = [];
        if (smtp.Port is < 1 or > 65535)
        {
            problems.Add("Email:Smtp:Port must be between 1 and 65535.");
        }

        if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out _))
        {
            problems.Add("Email:From must be an e-mail address (optionally 'Name <address>') when Email:Smtp:Host is set.");
        }

        if (string.IsNullOrEmpty(smtp.Username) != string.IsNullOrEmpty(smtp.Password))
        {
            problems.Add("Email:Smtp:Username and Email:Smtp:Password are set together or not at all.");
        }

        if (!smtp.UseTls && !string.IsNullOrEmpty(smtp.Username) && environment.IsProduction())
        {
            problems.Add("Email:Smtp:UseTls is false with a Username: Production does not send the SMTP password in clear text.");
        }

        if (smtp.TimeoutSeconds is < 1 or > 600)
        {
            problems.Add("Email:Smtp:TimeoutSeconds must be between 1 and 600.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
