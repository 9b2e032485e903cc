using System.Collections.Concurrent;
using System.Diagnostics;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>With <c>Telemetry:Otlp:Endpoint</c> set, the service sends its telemetry to the operator's collector.</summary>
[Collection(ApiCollection.Name)]
public sealed class OtlpExportTests(CloudAccountsApiFactory api)
{
    [Fact]
    public async Task Traces_and_logs_reach_the_configured_OTLP_collector_and_metrics_stay_off_its_scrape_path()
    {
        var received = new ConcurrentQueue<HttpRequestHead>();
        await using var collector = LoopbackHttpServer.Streaming(request =>
        {
            received.Enqueue(request);
            return StreamedResponse.Of(LoopbackHttpServer.HttpResponse(200, "OK", "", "Content-Type: application/x-protobuf"));
        });
        using var exporting = api.WithWebHostBuilder(builder => builder
            .UseSetting("Telemetry:Otlp:Endpoint", collector.Url.ToString())
            .UseSetting("Telemetry:Otlp:Protocol", "HttpProtobuf"));
        using var client = exporting.CreateClientFor(new TestTenant().Owner);
        using var request = new HttpRequestMessage(HttpMethod.Get, CloudAccountApi.GetAll);
        request.Headers.Add("traceparent", $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        await (await client.SendAsync(request)).ShouldBeOkJsonObjectAsync();

        // The exporters send in batches every few seconds.
        await Poll.UntilAsync(
            () => Task.FromResult(received.Any(r => r.RequestLine.StartsWith("POST /v1/traces ", StringComparison.Ordinal))
                && received.Any(r => r.RequestLine.StartsWith("POST /v1/logs ", StringComparison.Ordinal))),
            "the collector to receive traces and logs");
        Assert.All(received, r => Assert.Equal("application/x-protobuf", r.Header("Content-Type")));
        // Metrics go to the collector, not to a Prometheus endpoint nobody configured.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await exporting.CreateClient().GetAsync("/metrics")).StatusCode);
    }
}
