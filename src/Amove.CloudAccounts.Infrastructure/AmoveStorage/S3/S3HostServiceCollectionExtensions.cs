using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Core.AmoveStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.S3;

internal static class S3HostServiceCollectionExtensions
{
    /// <summary>S3-compatible servers configured per region as the storage host (<c>AmoveStorage:S3</c>).</summary>
    public static IServiceCollection AddS3StorageHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<S3HostOptions>()
            .Bind(configuration.GetSection(S3HostOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3HostOptions>, S3HostOptionsValidator>());

        // The regions' servers are the operator's choice, often on a private network: trusted destinations, like the
        // Outbound:AllowedHosts entries. Read from the section itself so an invalid URL is reported once, by the validator.
        var section = configuration.GetSection(S3HostOptions.SectionName);
        services.AddOptions<OutboundOptions>().PostConfigure(outbound =>
        {
            foreach (var region in section.Get<S3HostOptions>()?.Regions ?? [])
            {
                if (ServiceUrls.TryParse(region.ServiceUrl, out var url) && url.Host.Length > 0)
                {
                    outbound.Trust(url);
                }
            }
        });

        services.AddSingleton<IAmoveStorageHost, S3StorageHost>();
        return services;
    }
}
