using Amove.CloudAccounts.Core.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Infrastructure.Email.Smtp;

internal static class SmtpServiceCollectionExtensions
{
    /// <summary>
    /// MailKit's SMTP client as the e-mail sender when <c>Email:Smtp:Host</c> is set. Without it no sender is
    /// registered and the outbox keeps e-mails queued; the settings check refuses that in Production.
    /// </summary>
    public static IServiceCollection AddSmtpEmailSender(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpEmailOptions>()
            .BindConfiguration(SmtpEmailOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpEmailOptions>, SmtpEmailOptionsValidator>());
        if (!string.IsNullOrWhiteSpace(configuration[$"{SmtpEmailOptions.SectionName}:Smtp:Host"]))
        {
            services.TryAddSingleton<IEmailSender, SmtpEmailSender>();
        }

        return services;
    }
}
