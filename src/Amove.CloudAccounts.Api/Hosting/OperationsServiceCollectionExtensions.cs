using System.Net;
using Amove.CloudAccounts.Api.Hosting;
using Amove.CloudAccounts.Core.Data;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

public static class OperationsServiceCollectionExtensions
{
    public const string ReadyTag = "ready";

    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Health checks, reverse-proxy support and request logging without secrets.</summary>
    public static IHostApplicationBuilder AddAmoveOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>()
            .BindConfiguration(HealthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ReadinessCache>();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<CloudAccountsDbContext>("database", tags: [ReadyTag])
            .AddCheck<KeyRingHealthCheck>("key-ring", tags: [ReadyTag]);

        // A probe must answer quickly; the database's retry policy alone would hold it for a minute. Readiness is
        // anonymous, so its checks answer from a short cache: a flood of probes costs one check per window.
        // PostConfigure, so checks registered later (by a host or a test) are wrapped too.
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                registration.Timeout = HealthCheckTimeout;
                if (registration.Tags.Contains(ReadyTag))
                {
                    var inner = new HealthCheckRegistration(
                        registration.Name, registration.Factory, registration.FailureStatus, registration.Tags, registration.Timeout);
                    registration.Factory = services => services.GetRequiredService<ReadinessCache>().For(inner);
                }
            }
        });

        var proxies = builder.Configuration.GetSection(ReverseProxyOptions.SectionName).Get<ReverseProxyOptions>()
            ?? new ReverseProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in proxies.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        // Method, path (no query string), status and duration: never headers or bodies, which carry tokens and keys.
        builder.Services.AddHttpLogging(options =>
        {
            options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            options.CombineLogs = true;
        });

        return builder;
    }
}
