using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Core.AmoveStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.IDriveE2;

internal static class IDriveE2ServiceCollectionExtensions
{
    /// <summary>
    /// The IDrive e2 reseller API as the storage host, with its <c>AmoveStorage:IDriveE2</c> section validated on start.
    /// Without an API key it is <see cref="UnconfiguredStorageHost"/> (outside Production; in Production the server does
    /// not start). Its HTTP client shares the connectors' outbound guard and response cap; the configured base URL is a
    /// trusted destination. A circuit breaker (<c>Connectors:CircuitBreaker</c>) answers at once while e2 keeps failing.
    /// </summary>
    public static IServiceCollection AddIDriveE2StorageHost(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(IDriveE2Options.SectionName);
        services.AddOptions<IDriveE2Options>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IDriveE2Options>, IDriveE2OptionsValidator>());

        // Read from the section itself, when the options are built: an invalid URL is reported once, by the validator.
        services.AddOptions<OutboundOptions>().PostConfigure(outbound =>
        {
            if ((section.Get<IDriveE2Options>() ?? new IDriveE2Options()).BaseUri is { } baseUri)
            {
                outbound.Trust(baseUri);
            }
        });

        services.AddHttpClient(IDriveE2Client.HttpClientName)
            .ConfigureHttpClient((provider, http) =>
            {
                http.BaseAddress = provider.GetRequiredService<IOptions<IDriveE2Options>>().Value.BaseUri;

                // Each call's own deadline (on the TimeProvider) bounds it; HttpClient's 100 s would only hide which fired.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<OutboundGuard>().CreateHandler())
            .AddHttpMessageHandler(provider =>
                new ResponseSizeLimitHandler(provider.GetRequiredService<IOptions<IDriveE2Options>>().Value.MaxResponseBytes))
            .RedactLoggedHeaders([IDriveE2Api.TokenHeader, "Authorization"])
            // Never retried (create_user must not run twice), but a dead reseller API is not called over and over either:
            // the connectors' circuit breaker settings, one circuit per host.
            .AddResilienceHandler("idrive-e2", (pipeline, context) => pipeline.AddProviderCircuitBreaker(
                context.ServiceProvider.GetRequiredService<IOptions<ConnectorsOptions>>().Value.CircuitBreaker))
            .SelectPipelineByAuthority();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDriveE2Client>();
        services.TryAddSingleton<IDriveE2StorageHost>();
        services.TryAddSingleton<IAmoveStorageHost>(provider =>
            provider.GetRequiredService<IOptions<IDriveE2Options>>().Value.HasApiKey
                ? provider.GetRequiredService<IDriveE2StorageHost>()
                : new UnconfiguredStorageHost());
        return services;
    }
}
