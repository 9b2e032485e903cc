using System.Net;
using Amove.CloudAccounts.Connectors.Http;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.S3;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Amove.CloudAccounts.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Connectors.Tests.Http;

/// <summary>The HTTP client every connector sends through: guarded, capped, retried only where that is safe.</summary>
public sealed class ConnectorHttpClientsTests
{
    private static HttpClient ClientFor(LoopbackHttpServer server, Dictionary<string, string?>? settings = null) =>
        ClientFor(PlatformConnectors.Build(
            allowedHosts: [server.HostAndPort],
            settings: new(settings ?? []) { ["Connectors:RetryDelayMilliseconds"] = "1" }));

    private static HttpClient ClientFor(PlatformConnectors connectors) =>
        connectors.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ConnectorHttpClients.NameOf(typeof(S3Connector)));

    /// <summary>Answers the first <paramref name="failures"/> requests with <paramref name="failure"/>, then 200.</summary>
    private static LoopbackHttpServer FailingFirst(int failures, string failure)
    {
        var requests = 0;
        return LoopbackHttpServer.Answering(_ => Interlocked.Increment(ref requests) <= failures
            ? failure
            : LoopbackHttpServer.HttpResponse(200, "OK", "fine"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task Retries_a_transient_failure_and_answers_with_the_attempt_that_succeeded(int status)
    {
        await using var server = FailingFirst(2, LoopbackHttpServer.HttpResponse(status, "Transient"));

        using var response = await ClientFor(server).GetAsync(server.Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task Gives_up_after_MaxRetries_and_hands_back_the_providers_last_answer()
    {
        await using var server = LoopbackHttpServer.Answering(LoopbackHttpServer.HttpResponse(500, "Internal Server Error"));

        using var response = await ClientFor(server, new() { ["Connectors:MaxRetries"] = "1" }).GetAsync(server.Url);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Never_sends_a_POST_twice_since_it_may_have_taken_effect()
    {
        await using var server = FailingFirst(1, LoopbackHttpServer.HttpResponse(503, "Service Unavailable"));

        using var response = await ClientFor(server).PostAsync(server.Url, content: null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Does_not_retry_an_answer_that_would_be_the_same_again(int status)
    {
        await using var server = FailingFirst(1, LoopbackHttpServer.HttpResponse(status, "No"));

        using var response = await ClientFor(server).GetAsync(server.Url);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Does_not_wait_for_a_Retry_After_longer_than_MaxRetryAfterSeconds_and_passes_it_on()
    {
        await using var server = FailingFirst(1, LoopbackHttpServer.HttpResponse(429, "Too Many Requests", "", "Retry-After: 30"));

        using var response = await ClientFor(server).GetAsync(server.Url);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Waits_out_a_short_Retry_After_and_then_retries()
    {
        await using var server = FailingFirst(1, LoopbackHttpServer.HttpResponse(503, "Service Unavailable", "", "Retry-After: 1"));

        using var response = await ClientFor(server).GetAsync(server.Url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Refuses_a_blocked_destination_once_without_retrying_it()
    {
        var resolver = FakeHostResolver.Returning("10.0.0.1");
        using var client = ClientFor(PlatformConnectors.Build(resolver));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("http://storage.attacker.example/"));

        Assert.IsType<OutboundBlockedException>(failure.InnerException);
        Assert.Equal(1, resolver.Lookups);
    }

    [Fact]
    public async Task Reaches_an_allowed_host_through_the_guard_and_refuses_the_same_server_when_it_is_not_allowed()
    {
        await using var server = LoopbackHttpServer.Answering(LoopbackHttpServer.HttpResponse(200, "OK", "fine"));

        using var allowed = await ClientFor(server).GetAsync(server.Url);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ClientFor(PlatformConnectors.Build()).GetAsync(server.Url));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.IsType<OutboundBlockedException>(refused.InnerException);
        Assert.Equal(1, server.Connections);
    }
}
