using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Infrastructure.Email.Smtp;

internal static class SmtpServiceCollectionExtensions
{
    /// <summary>MailKit's SMTP client as the e-mail sender.</summary>
    public static IServiceCollection AddSmtpEmailSender(this IServiceCollection services, IConfiguration configuration) =>
        services; // Filled in by the e-mail work.
}
