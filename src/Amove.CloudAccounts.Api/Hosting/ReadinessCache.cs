using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Hosting;

/// <summary>Holds one <see cref="CachedHealthCheck"/> per readiness check for the life of the application.</summary>
internal sealed class ReadinessCache(IServiceScopeFactory scopes, TimeProvider clock, IOptions<HealthOptions> options)
{
    private readonly ConcurrentDictionary<string, CachedHealthCheck> _checks = new();

    public IHealthCheck For(HealthCheckRegistration inner) =>
        _checks.GetOrAdd(inner.Name, _ => new CachedHealthCheck(inner, scopes, clock, options));
}
