using Amove.CloudAccounts.Core.CloudAccounts.Connect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class OAuthConnectServiceCollectionExtensions
{
    /// <summary>The OAuth connect flows (their validators come with <c>AddCloudAccountServices</c>); binds and checks the <c>OAuth</c> section.</summary>
    public static IServiceCollection AddOAuthConnect(this IServiceCollection services)
    {
        services.AddOptions<OAuthConnectOptions>()
            .BindConfiguration(OAuthConnectOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OAuthConnectOptions>, OAuthConnectOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OAuthConnectStates>();
        services.TryAddScoped<OAuthConnectService>();
        return services;
    }

    private sealed class OAuthConnectOptionsValidator : IValidateOptions<OAuthConnectOptions>
    {
        public ValidateOptionsResult Validate(string? name, OAuthConnectOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
