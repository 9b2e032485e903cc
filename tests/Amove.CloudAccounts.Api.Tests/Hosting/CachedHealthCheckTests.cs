using System.Net;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Data.Postgres;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class CachedHealthCheckTests(CloudAccountsApiFactory api)
{
    private const int CacheSeconds = 5;

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly SwitchableDatabase _database = new();

    [Fact]
    public async Task A_flood_of_readiness_probes_within_the_cache_window_touches_the_database_once()
    {
        using var app = Probed();
        using var client = app.CreateClient();
        var beforeProbes = _database.Opened;

        var flood = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync("/health/ready")));
        var afterFlood = _database.Opened;
        var more = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync("/health/ready")));

        Assert.All(flood.Concat(more), response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        // One connection for the database check and one for the key-ring check, whatever the number of probes.
        Assert.Equal(2, afterFlood - beforeProbes);
        Assert.Equal(afterFlood, _database.Opened);
    }

    [Fact]
    public async Task Readiness_checks_the_database_again_once_the_cache_window_has_passed()
    {
        using var app = Probed();
        using var client = app.CreateClient();
        await client.GetAsync("/health/ready");
        var afterFirst = _database.Opened;

        _clock.Advance(TimeSpan.FromSeconds(CacheSeconds - 1));
        await client.GetAsync("/health/ready");
        var withinWindow = _database.Opened;
        _clock.Advance(TimeSpan.FromSeconds(1));
        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(afterFirst, withinWindow);
        Assert.Equal(afterFirst + 2, _database.Opened);
    }

    [Fact]
    public async Task Readiness_reports_an_outage_and_recovers_by_itself_one_window_after_the_database_is_back()
    {
        using var app = Probed();
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        _database.Down = true;
        var stillCached = await client.GetAsync("/health/ready");
        _clock.Advance(TimeSpan.FromSeconds(CacheSeconds));
        var duringOutage = await client.GetAsync("/health/ready");
        _database.Down = false;
        var outageCached = await client.GetAsync("/health/ready");
        _clock.Advance(TimeSpan.FromSeconds(CacheSeconds));
        var recovered = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, stillCached.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, duringOutage.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, outageCached.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal("Healthy", await recovered.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_a_cache_window_of_zero_every_probe_checks_the_database()
    {
        using var app = Probed(cacheSeconds: 0);
        using var client = app.CreateClient();
        var beforeProbes = _database.Opened;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }

        Assert.Equal(3 * 2, _database.Opened - beforeProbes);
    }

    /// <summary>The API on the fake clock, its database connections counted, with the given readiness cache window.</summary>
    private WebApplicationFactory<Program> Probed(int cacheSeconds = CacheSeconds)
    {
        var app = api.WithWebHostBuilder(builder => builder
            .UseSetting("Health:ReadyCacheSeconds", cacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(_clock);
                services.ConfigureDbContext<PostgresCloudAccountsDbContext>(db => db.AddInterceptors(_database));
            }));
        _ = app.Server; // started (and migrated) before the test counts anything
        return app;
    }
}
