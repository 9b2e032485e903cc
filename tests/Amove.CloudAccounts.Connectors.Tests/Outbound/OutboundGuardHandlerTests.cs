using System.Net;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Connectors.Tests.Outbound;

/// <summary>The connect-time check, through a real handler and real loopback sockets.</summary>
public sealed class OutboundGuardHandlerTests
{
    private static readonly string Ok = LoopbackHttpServer.HttpResponse(200, "OK", "hello");

    [Fact]
    public async Task A_loopback_server_that_is_not_allow_listed_gets_no_connection()
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        using var client = ClientOver(Guards.Create(FakeHostResolver.NeverCalled()));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url));

        Assert.IsType<OutboundBlockedException>(failure.InnerException);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task An_allow_listed_loopback_server_is_reached()
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        using var client = ClientOver(Guards.Create(FakeHostResolver.NeverCalled(), server.HostAndPort));

        var body = await client.GetStringAsync(server.Url);

        Assert.Equal("hello", body);
        Assert.Equal(1, server.Connections);
    }

    // A connect attempt to 10.0.0.1 or 169.254.169.254 would end in a SocketException (or hang), never in an
    // OutboundBlockedException; the mapped loopback address would reach the live server and be counted.
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task A_name_resolving_to_a_blocked_address_is_refused_without_connecting(string address)
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        var resolver = FakeHostResolver.Returning(address);
        using var client = ClientOver(Guards.Create(resolver));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.GetAsync($"http://storage.example.com:{server.Port}/"));

        Assert.IsType<OutboundBlockedException>(failure.InnerException);
        Assert.Equal(1, resolver.Lookups);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task A_name_that_rebinds_to_loopback_after_the_pre_check_is_refused_at_connect_time()
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        var resolver = new FakeHostResolver((_, lookup) => [lookup == 1 ? IPAddress.Parse("8.8.8.8") : IPAddress.Loopback]);
        var guard = Guards.Create(resolver);
        using var client = ClientOver(guard);
        var url = new Uri($"http://rebind.example.com:{server.Port}/");

        await guard.EnsureAllowedAsync(url, CancellationToken.None);
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url));

        Assert.IsType<OutboundBlockedException>(failure.InnerException);
        Assert.Equal(0, server.Connections);
    }

    // "storage.test" does not exist in real DNS: reaching the server proves the handler connected to the address
    // the guard vetted instead of looking the name up again.
    [Fact]
    public async Task An_allow_listed_name_is_connected_to_the_addresses_the_guard_resolved()
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        var resolver = FakeHostResolver.Returning("127.0.0.1");
        using var client = ClientOver(Guards.Create(resolver, $"storage.test:{server.Port}"));

        var body = await client.GetStringAsync($"http://storage.test:{server.Port}/");

        Assert.Equal("hello", body);
        Assert.Equal(1, resolver.Lookups);
    }

    [Fact]
    public async Task A_redirect_is_returned_to_the_caller_and_not_followed()
    {
        await using var target = LoopbackHttpServer.Answering(Ok);
        await using var redirector = LoopbackHttpServer.Answering(
            LoopbackHttpServer.HttpResponse(302, "Found", headers: $"Location: {target.Url}"));
        using var client = ClientOver(Guards.Create(FakeHostResolver.NeverCalled(), redirector.HostAndPort, target.HostAndPort));

        using var response = await client.GetAsync(redirector.Url);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(target.Url, response.Headers.Location);
        Assert.Equal(0, target.Connections);
    }

    [Fact]
    public async Task The_shared_handler_is_guarded_too()
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        using var guard = Guards.Create(FakeHostResolver.NeverCalled());
        using var client = new HttpClient(guard.SharedHandler, disposeHandler: false);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url));

        Assert.IsType<OutboundBlockedException>(failure.InnerException);
        Assert.Equal(0, server.Connections);
    }

    private static HttpClient ClientOver(OutboundGuard guard) => new(guard.CreateHandler());
}
