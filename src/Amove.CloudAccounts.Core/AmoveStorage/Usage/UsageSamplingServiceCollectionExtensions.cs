using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.AmoveStorage.Usage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class UsageSamplingServiceCollectionExtensions
{
    /// <summary>The background sampler of hosted-storage usage, woken through <see cref="UsageSamplingSignal"/>.</summary>
    public static IServiceCollection AddUsageSampling(this IServiceCollection services)
    {
        services.AddOptions<UsageSamplingOptions>()
            .BindConfiguration(UsageSamplingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AmoveStorageOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UsageSamplingSignal>();
        services.TryAddSingleton<UsageSampler>();
        services.AddHostedService<UsageSamplingWorker>();
        return services;
    }
}
