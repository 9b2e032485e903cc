using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Core.Data.Postgres;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// Variants of the shared fixture for tests that need one service or setting changed. They run the same pipeline on
/// the same database (and key ring) as <see cref="CloudAccountsApiFactory"/>; dispose them at the end of the test.
/// </summary>
public static class DerivedApiFactories
{
    /// <summary>The API with <see cref="IHostResolver"/> (DNS, as the outbound guard sees it) replaced.</summary>
    public static WebApplicationFactory<Program> WithHostResolver(this CloudAccountsApiFactory api, IHostResolver resolver) =>
        api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IHostResolver>();
            services.AddSingleton(resolver);
        }));

    /// <summary>The API with one more <c>Outbound:AllowedHosts</c> entry (after the s3rver and Azurite ones).</summary>
    public static WebApplicationFactory<Program> WithAllowedHost(this CloudAccountsApiFactory api, string hostAndPort) =>
        api.WithWebHostBuilder(builder => builder.UseSetting("Outbound:AllowedHosts:2", hostAndPort));

    /// <summary>The API with an EF Core interceptor on its database commands, to act between two of them.</summary>
    public static WebApplicationFactory<Program> WithDbInterceptor(this CloudAccountsApiFactory api, IInterceptor interceptor) =>
        api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<PostgresCloudAccountsDbContext>(db => db.AddInterceptors(interceptor))));

    /// <summary>The API on a clock the test moves.</summary>
    public static WebApplicationFactory<Program> WithClock(this CloudAccountsApiFactory api, TimeProvider clock) =>
        api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        }));
}

/// <summary>A clock that reads the system time plus an offset the test can move forward.</summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
