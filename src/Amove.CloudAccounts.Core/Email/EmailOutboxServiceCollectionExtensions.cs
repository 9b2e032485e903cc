using Amove.CloudAccounts.Core.Email;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class EmailOutboxServiceCollectionExtensions
{
    /// <summary>
    /// The outbox (queued in the caller's unit of work) and the worker that delivers it through the registered
    /// <see cref="IEmailSender"/>; with none registered, e-mails stay queued.
    /// </summary>
    public static IServiceCollection AddEmailOutbox(this IServiceCollection services)
    {
        services.AddOptions<EmailOutboxOptions>()
            .BindConfiguration(EmailOutboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<EmailOutbox>();
        services.TryAddSingleton<EmailOutboxDispatcher>();
        services.AddHostedService<EmailOutboxWorker>();
        return services;
    }
}
