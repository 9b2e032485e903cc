using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ConnectorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the outbound guard and every storage connector, each as a keyed <see cref="IStorageConnector"/>
    /// per <see cref="CloudProvider"/> it serves. Binds and validates the <c>Outbound</c> and <c>Connectors</c> sections.
    /// </summary>
    public static IServiceCollection AddStorageConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboundOptions>()
            .Bind(configuration.GetSection(OutboundOptions.SectionName))
            .Validate(
                outbound => outbound.AllowedHosts.All(entry => AllowedHosts.TryParse(entry, out _, out _)),
                "Outbound:AllowedHosts entries must be host, host:port or [ipv6]:port.")
            .ValidateOnStart();

        services.AddOptions<ConnectorsOptions>()
            .Bind(configuration.GetSection(ConnectorsOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorsOptions>, ConnectorsOptionsValidator>());

        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<OutboundGuard>();
        services.TryAddSingleton<BucketRegionCache>();

        services.AddConnector<S3Connector>(S3ProviderProfile.All.Keys);

        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TConnector"/> for each of <paramref name="providers"/>, behind the
    /// <see cref="BoundedStorageConnector"/> every connector goes through. Every connector is registered this way.
    /// </summary>
    private static void AddConnector<TConnector>(this IServiceCollection services, IEnumerable<CloudProvider> providers)
        where TConnector : class, IStorageConnector
    {
        services.TryAddSingleton<TConnector>();
        foreach (var provider in providers)
        {
            services.TryAddKeyedSingleton<IStorageConnector>(provider, (serviceProvider, _) => new BoundedStorageConnector(
                serviceProvider.GetRequiredService<TConnector>(),
                provider,
                serviceProvider.GetRequiredService<IOptions<ConnectorsOptions>>()));
        }
    }
}
