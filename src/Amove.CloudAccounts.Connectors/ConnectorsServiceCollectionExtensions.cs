using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
            .Validate(connectors => connectors.TimeoutSeconds is >= 1 and <= 600, "Connectors:TimeoutSeconds must be between 1 and 600.")
            .Validate(
                connectors => connectors.Endpoints.All(endpoint => endpoint.IsValid),
                "Every Connectors:<provider>:ServiceUrl must be empty or an absolute http or https URL.")
            .ValidateOnStart();

        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<OutboundGuard>();

        services.TryAddSingleton<S3Connector>();
        foreach (var provider in S3ProviderProfile.All.Keys)
        {
            services.TryAddKeyedSingleton<IStorageConnector>(
                provider, (serviceProvider, _) => serviceProvider.GetRequiredService<S3Connector>());
        }

        return services;
    }
}
