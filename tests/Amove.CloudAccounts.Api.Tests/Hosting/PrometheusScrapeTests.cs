using System.Net;
using System.Net.Http.Headers;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>The API on Kestrel scraped by a real Prometheus, the way an operator collects its metrics.</summary>
[Collection(ApiCollection.Name)]
public sealed class PrometheusScrapeTests(CloudAccountsApiFactory api)
{
    [Fact]
    public async Task A_real_Prometheus_scrapes_request_and_provider_metrics_with_their_labels()
    {
        var tenant = new TestTenant();
        var apiPort = LoopbackHttpServer.UnusedPort();
        using var kestrel = api.WithWebHostBuilder(builder => builder.UseSetting("Telemetry:Metrics:Enabled", "true"));
        kestrel.UseKestrel(options => options.Listen(IPAddress.Loopback, apiPort));
        kestrel.StartServer();
        await using var prometheus = await PrometheusServer.StartAsync(apiPort);
        using var owner = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/") };
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For(tenant.Owner));

        await (await owner.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount())).ShouldBeOkJsonObjectAsync();
        await (await owner.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();

        const string requests = """http_server_request_duration_seconds_count{job="amove",http_route="api/v1/cloudaccount/get_all",http_response_status_code="200"}""";
        const string providerCalls = """amove_provider_call_duration_seconds_count{job="amove",provider="S3Generic",operation="validate_credentials",outcome="success"}""";
        await Poll.UntilAsync(
            async () => (await prometheus.QueryAsync(requests)).Count > 0 && (await prometheus.QueryAsync(providerCalls)).Count > 0,
            "Prometheus to have scraped the request and provider series");

        var up = Assert.Single(await prometheus.QueryAsync("""up{job="amove"}"""));
        Assert.Equal("1", up.Value);
        var request = Assert.Single(await prometheus.QueryAsync(requests));
        Assert.Equal("GET", (string?)request.Labels["http_request_method"]);
        Assert.True(double.Parse(request.Value, System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }
}
