using Amove.CloudAccounts.Core.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

public static class BackgroundWork
{
    /// <summary>
    /// Removes the service's own background workers (e-mail outbox, usage sampling) so a test runs their
    /// <c>RunOnceAsync</c> itself, deterministically; the web server's hosted services stay.
    /// </summary>
    public static IServiceCollection RemoveBackgroundWork(this IServiceCollection services)
    {
        var core = typeof(EmailOutboxDispatcher).Assembly;
        foreach (var worker in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Assembly == core).ToList())
        {
            services.Remove(worker);
        }

        return services;
    }
}
