using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Azure;
using Amove.CloudAccounts.Connectors.Box;
using Amove.CloudAccounts.Connectors.Dropbox;
using Amove.CloudAccounts.Connectors.FastrServer;
using Amove.CloudAccounts.Connectors.Frame;
using Amove.CloudAccounts.Connectors.GoogleDrive;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.OAuth;
using Amove.CloudAccounts.Connectors.OneDrive;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.Platform;
using Amove.CloudAccounts.Connectors.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ConnectorsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the outbound guard and every storage connector, each as a keyed <see cref="IStorageConnector"/>
    /// per <see cref="CloudProvider"/> it serves, with that provider's <see cref="ProviderDescription"/> in the
    /// <see cref="ProviderCatalog"/>. Binds and validates the <c>Outbound</c> and <c>Connectors</c> sections.
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

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<OutboundGuard>();
        services.TryAddSingleton<ProviderCatalog>();
        services.TryAddSingleton<BucketRegionCache>();
        services.TryAddSingleton<OAuthSession>();
        services.TryAddSingleton<OAuthAuthorizationCodes>();

        // One line per connector: its folder declares the providers it serves.
        services.AddConnector<S3Connector>(configuration, S3Providers.Descriptions);
        services.AddConnector<AzureBlobConnector>(configuration, [AzureBlobConnector.Description]);
        services.AddConnector<OneDriveConnector>(configuration, [OneDriveConnector.Description]);
        services.AddConnector<GoogleDriveConnector>(configuration, [GoogleDriveConnector.Description]);
        services.AddConnector<BoxConnector>(configuration, [BoxConnector.Description]);
        services.AddConnector<FrameConnector>(configuration, [FrameConnector.Description]);
        services.AddConnector<FastrServerConnector>(configuration, [FastrServerConnector.Description]);
        services.AddConnector<DropboxConnector>(configuration, [DropboxConnector.Description]);

        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TConnector"/> for each provider it describes, behind the
    /// <see cref="BoundedStorageConnector"/> every connector goes through, with its own named HTTP client
    /// (<see cref="ConnectorHttpClients"/>) and each provider's <c>Connectors:&lt;Provider&gt;</c> section bound as named
    /// <see cref="ProviderEndpointOptions"/>.
    /// </summary>
    private static void AddConnector<TConnector>(
        this IServiceCollection services, IConfiguration configuration, IEnumerable<ProviderDescription> descriptions)
        where TConnector : class, IStorageConnector
    {
        services.TryAddSingleton<TConnector>();
        services.AddConnectorHttpClient(ConnectorHttpClients.NameOf(typeof(TConnector)));
        foreach (var description in descriptions)
        {
            var provider = description.Provider;
            services.AddSingleton(description);
            services.AddOptions<ProviderEndpointOptions>(provider.ToString())
                .Bind(configuration.GetSection(ConnectorsOptions.SectionOf(provider)))
                .Validate(endpoint => endpoint.IsValid, $"{ConnectorsOptions.SectionOf(provider)}:ServiceUrl, ApiBaseUrl, TokenUrl and AuthorizeUrl must be empty or absolute http or https URLs.")
                .ValidateOnStart();

            // The API and token hosts an operator configured are trusted destinations, like Outbound:AllowedHosts.
            // Read from the section itself: going through the provider's options would report an invalid URL twice.
            var section = configuration.GetSection(ConnectorsOptions.SectionOf(provider));
            services.AddOptions<OutboundOptions>().PostConfigure(outbound =>
            {
                foreach (var url in section.Get<ProviderEndpointOptions>()?.TrustedUrls ?? [])
                {
                    outbound.Trust(url);
                }
            });
            services.TryAddKeyedSingleton<IStorageConnector>(provider, (serviceProvider, _) => new BoundedStorageConnector(
                serviceProvider.GetRequiredService<TConnector>(),
                description,
                serviceProvider.GetRequiredService<IOptions<ConnectorsOptions>>(),
                serviceProvider.GetRequiredService<TimeProvider>()));
        }
    }
}
