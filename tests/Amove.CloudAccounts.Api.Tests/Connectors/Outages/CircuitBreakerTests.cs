using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Outages;

/// <summary>
/// A provider host that keeps failing has its circuit opened: its calls are answered at once, without reaching it, with
/// when to come back; other hosts are not held up; once the break has passed, the host is tried again.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CircuitBreakerTests(CloudAccountsApiFactory api)
{
    private static readonly string ServerError = LoopbackHttpServer.HttpResponse(500, "Internal Server Error", "Something broke.");

    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task A_host_that_keeps_failing_is_no_longer_called_and_the_client_is_told_when_to_come_back()
    {
        await using var hostA = LoopbackHttpServer.Answering(ServerError);
        using var app = AppWith(hostA, new() { ["Connectors:CircuitBreaker:MinimumThroughput"] = "3" });
        using var client = app.CreateClientFor(_tenant.Owner);

        // One request: the first attempt and its two retries all fail, which opens the circuit.
        var first = await client.PostJsonAsync(CloudAccountApi.Insert, S3AccountAt(hostA.Url));
        await first.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "server error");
        Assert.Equal(3, hostA.Requests);

        var second = await client.PostJsonAsync(CloudAccountApi.Insert, S3AccountAt(hostA.Url));

        await second.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "S3Generic is unavailable: its recent calls kept failing");
        await second.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "try again in 15 s");
        Assert.Equal("15", Assert.Single(second.Headers.GetValues("Retry-After")));
        Assert.Equal(3, hostA.Requests);
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task An_open_circuit_on_one_host_leaves_the_other_hosts_working()
    {
        await using var hostA = LoopbackHttpServer.Answering(ServerError);
        using var app = AppWith(hostA, new() { ["Connectors:CircuitBreaker:MinimumThroughput"] = "3" });
        using var client = app.CreateClientFor(_tenant.Owner);
        await client.PostJsonAsync(CloudAccountApi.Insert, S3AccountAt(hostA.Url));
        await (await client.PostJsonAsync(CloudAccountApi.Insert, S3AccountAt(hostA.Url))).ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "try again in");

        // The same connector, another host (the local s3rver).
        var onHostB = await client.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount("On a healthy host"));

        await onHostB.ShouldBeOkJsonObjectAsync();
        Assert.Equal(1L, await api.CountCloudAccountsAsync(_tenant.AccountId));
        Assert.Equal(3, hostA.Requests);
    }

    [Fact]
    public async Task Once_the_break_has_passed_the_host_is_tried_again_and_serves_once_it_has_recovered()
    {
        var failing = true;
        await using var hostA = LoopbackHttpServer.Answering(_ => Volatile.Read(ref failing) ? ServerError : S3Xml.Ok(S3Xml.BucketList(["recovered"])));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var app = AppWith(
            hostA,
            new()
            {
                ["Connectors:CircuitBreaker:MinimumThroughput"] = "2",
                ["Connectors:CircuitBreaker:BreakDurationSeconds"] = "20",
                // Retries would wait on the fake clock: one attempt per request.
                ["Connectors:MaxRetries"] = "0",
            },
            clock);
        using var client = app.CreateClientFor(_tenant.Owner);
        for (var i = 0; i < 2; i++)
        {
            await (await client.PostJsonAsync(CloudAccountApi.Insert, S3AccountAt(hostA.Url))).ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "server error");
        }

        Volatile.Write(ref failing, false);
        var whileOpen = await client.PostJsonAsync(CloudAccountApi.Insert, S3AccountAt(hostA.Url));
        await whileOpen.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "try again in 20 s");
        Assert.Equal(2, hostA.Requests);

        clock.Advance(TimeSpan.FromSeconds(20));
        var afterTheBreak = await client.PostJsonAsync(CloudAccountApi.Insert, S3AccountAt(hostA.Url));

        await afterTheBreak.ShouldBeOkJsonObjectAsync();
        Assert.Equal(3, hostA.Requests);
    }

    [Fact]
    public async Task The_hosted_storage_reseller_API_has_a_circuit_too_and_never_retries()
    {
        await using var e2 = LoopbackHttpServer.Answering(ServerError);
        using var app = api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in ProviderFamily.IDriveE2.SettingsFor(e2.Url, e2.HostAndPort))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Connectors:CircuitBreaker:MinimumThroughput", "2");
        });
        using var client = app.CreateClientFor(_tenant.Owner);
        for (var i = 1; i <= 2; i++)
        {
            await (await client.GetAsync(AmoveStorage.AmoveStorageApi.Regions)).ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "server error");
            Assert.Equal(i, e2.Requests);
        }

        var whileOpen = await client.GetAsync(AmoveStorage.AmoveStorageApi.Regions);

        await whileOpen.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "IDrive e2 is unavailable");
        Assert.Equal("15", Assert.Single(whileOpen.Headers.GetValues("Retry-After")));
        Assert.Equal(2, e2.Requests);
    }

    [Fact]
    public async Task With_the_circuit_breaker_disabled_every_request_reaches_the_host()
    {
        await using var hostA = LoopbackHttpServer.Answering(ServerError);
        using var app = AppWith(hostA, new()
        {
            ["Connectors:CircuitBreaker:Enabled"] = "false",
            ["Connectors:CircuitBreaker:MinimumThroughput"] = "2",
            ["Connectors:MaxRetries"] = "0",
        });
        using var client = app.CreateClientFor(_tenant.Owner);

        for (var i = 1; i <= 4; i++)
        {
            await (await client.PostJsonAsync(CloudAccountApi.Insert, S3AccountAt(hostA.Url))).ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "server error");
            Assert.Equal(i, hostA.Requests);
        }
    }

    private static object S3AccountAt(Uri url) => new
    {
        cloudType = 8,
        name = "On a failing host",
        accessKey = "AKIAEXAMPLE",
        secretKey = "secret",
        serviceUrl = url,
    };

    private WebApplicationFactory<Program> AppWith(LoopbackHttpServer host, Dictionary<string, string> settings, FakeTimeProvider? clock = null) =>
        api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Outbound:AllowedHosts:2", host.HostAndPort);
            builder.UseSetting("Connectors:RetryDelayMilliseconds", "1");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            if (clock is not null)
            {
                builder.ConfigureTestServices(services =>
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton<TimeProvider>(clock);
                });
            }
        });
}
