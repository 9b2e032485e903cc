using System.Globalization;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Outages;

/// <summary>
/// Every connector family (S3, Azure, an OAuth drive, the IDrive e2 reseller API) in every kind of outage, through the API:
/// the client gets the documented 499 INTERNAL_ERROR, nothing is stored, and the provider is not stormed with retries.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProviderOutageTests(CloudAccountsApiFactory api, ITestOutputHelper output)
{
    /// <summary>No more provider calls than this per client request, retries included.</summary>
    private const int MaxCallsPerRequest = 4;

    private const int RequestsPerOutage = 3;

    private readonly TestTenant _tenant = new();

    public static TheoryData<string, Outage> Cases()
    {
        var cases = new TheoryData<string, Outage>();
        foreach (var family in ProviderFamily.All.Keys)
        {
            foreach (var outage in Enum.GetValues<Outage>())
            {
                cases.Add(family, outage);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_provider_outage_is_a_bounded_INTERNAL_ERROR_without_a_retry_storm(string familyName, Outage outage)
    {
        var family = ProviderFamily.All[familyName];
        await using var endpoint = OutageEndpoint.Start(outage);
        var clock = outage == Outage.Hang ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        using var app = AppFor(family, endpoint, clock);
        using var client = app.CreateClientFor(_tenant.Owner);

        var requests = outage == Outage.Hang ? 1 : RequestsPerOutage;
        for (var i = 0; i < requests; i++)
        {
            var response = await SendAsync(family, endpoint, client, clock);

            await AssertOutageAnswerAsync(outage, response);
        }

        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{family} {outage}: {endpoint.Calls} provider calls for {requests} client requests ({(double)endpoint.Calls / requests:0.##} per request)"));
        Assert.InRange(endpoint.Calls, outage == Outage.Refused ? 0 : 1, MaxCallsPerRequest * requests);
    }

    private static async Task AssertOutageAnswerAsync(Outage outage, HttpResponseMessage response)
    {
        switch (outage)
        {
            case Outage.Hang:
                await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "did not answer within the 1-second limit");
                break;
            case Outage.Throttled:
                await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "throttling");
                Assert.Equal("30", Assert.Single(response.Headers.GetValues("Retry-After")));
                break;
            case Outage.Refused:
            case Outage.Reset:
                await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "could not be reached");
                break;
            case Outage.ServerError:
            case Outage.Garbage:
                await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR");
                break;
        }
    }

    /// <summary>
    /// Sends the family's request; for a hang, waits until the provider has it, then lets the configured one-second
    /// timeout pass on the fake clock.
    /// </summary>
    private static async Task<HttpResponseMessage> SendAsync(ProviderFamily family, OutageEndpoint endpoint, HttpClient client, FakeTimeProvider? clock)
    {
        var call = family.Send(client, endpoint.Url);
        if (clock is not null)
        {
            await endpoint.WaitForCallsAsync(1);
            Assert.False(call.IsCompleted, "The call ended before its timeout.");
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        return await call;
    }

    private WebApplicationFactory<Program> AppFor(ProviderFamily family, OutageEndpoint endpoint, FakeTimeProvider? clock) =>
        api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in family.SettingsFor(endpoint.Url, endpoint.HostAndPort))
            {
                builder.UseSetting(key, value);
            }

            builder.UseSetting("Connectors:RetryDelayMilliseconds", "1");
            if (clock is not null)
            {
                // The deadline of a whole call, on the clock the test moves.
                builder.UseSetting("Connectors:TimeoutSeconds", "1");
                builder.UseSetting("AmoveStorage:IDriveE2:TimeoutSeconds", "1");
                builder.ConfigureTestServices(services =>
                {
                    services.RemoveAll<TimeProvider>();
                    services.AddSingleton<TimeProvider>(clock);
                });
            }
        });
}
