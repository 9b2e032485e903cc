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
        using var client = ClientOver(PlatformConnectors.Guard(FakeHostResolver.NeverCalled()));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(server.Url));

        Assert.IsType<OutboundBlockedException>(failure.InnerException);
        Assert.Equal(0, server.Connections);
    }

    [Fact]
    public async Task An_allow_listed_loopback_server_is_reached()
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        using var client = ClientOver(PlatformConnectors.Guard(FakeHostResolver.NeverCalled(), server.HostAndPort));

        var body = await client.GetStringAsync(server.Url);

        Assert.Equal("hello", body);
        Assert.Equal(1, server.Connections);
    }

    public static TheoryData<string, string> BlockedAddresses => SpecialPurposeAddresses.Blocked;

    // The same rows as the early check, so both checks agree. A connect attempt to an address the guard let through
    // would end in a SocketException (or hang), never in an OutboundBlockedException; a loopback one (127.x, 0.0.0.0,
    // ::ffff:127.0.0.1) would reach the live server and be counted.
    [Theory]
    [MemberData(nameof(BlockedAddresses))]
    public async Task A_name_resolving_into_any_blocked_range_is_refused_without_connecting(string range, string address)
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        var resolver = FakeHostResolver.Returning(address);
        using var client = ClientOver(PlatformConnectors.Guard(resolver));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.GetAsync($"http://storage.example.com:{server.Port}/"));

        Assert.True(failure.InnerException is OutboundBlockedException, $"{range} ({address}): {failure.InnerException}");
        Assert.Contains("'storage.example.com' is not allowed", failure.InnerException.Message);
        Assert.Equal(["storage.example.com"], resolver.Hosts);
        Assert.Equal(0, server.Connections);
    }

    [Theory]
    [MemberData(nameof(BlockedAddresses))]
    public async Task An_address_literal_in_any_blocked_range_is_refused_without_a_lookup_or_a_connection(string range, string address)
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        var resolver = FakeHostResolver.NeverCalled();
        using var client = ClientOver(PlatformConnectors.Guard(resolver));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.GetAsync($"http://{SpecialPurposeAddresses.AsUrlHost(address)}:{server.Port}/"));

        Assert.True(failure.InnerException is OutboundBlockedException, $"{range} ({address}): {failure.InnerException}");
        Assert.Equal(0, resolver.Lookups);
        Assert.Equal(0, server.Connections);
    }

    // Every host here is the live loopback server in some spelling: a guard that misread one would connect to it.
    [Theory]
    [InlineData("2130706433")]
    [InlineData("0x7f000001")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("017700000001")]
    [InlineData("127.1")]
    [InlineData("127。0。0。1")]
    [InlineData("127．0．0．1")]
    [InlineData("127.0.0.1.")]
    [InlineData("0x7f.1.")]
    [InlineData("0")]
    [InlineData("0.0.0.0")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[0:0:0:0:0:FFFF:7F00:1]")]
    [InlineData("[::ffff:0.0.0.0]")]
    public async Task The_loopback_server_is_not_reached_however_the_url_spells_its_address(string host)
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        var resolver = FakeHostResolver.NeverCalled();
        using var client = ClientOver(PlatformConnectors.Guard(resolver));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://{host}:{server.Port}/"));

        Assert.IsType<OutboundBlockedException>(failure.InnerException);
        Assert.Equal(0, resolver.Lookups);
        Assert.Equal(0, server.Connections);
    }

    // Whether full-width characters fold to ASCII or become punycode depends on the globalization mode (this service
    // runs invariant: punycode, so a full-width "１２７.０.０.１" is a name, not an address); either way the early check
    // and the connection must judge the same host.
    [Theory]
    [InlineData("１２７.０.０.１")]
    [InlineData("ｓｔｏｒａｇｅ.example.com")]
    [InlineData("ＬＯＣＡＬＨＯＳＴ")]
    public async Task The_early_check_and_the_connection_look_up_the_same_name_for_a_host_in_full_width_characters(string host)
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        var resolver = FakeHostResolver.Returning("127.0.0.1");
        var guard = PlatformConnectors.Guard(resolver);
        using var client = ClientOver(guard);
        var url = new Uri($"http://{host}:{server.Port}/");

        var early = await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(url, CancellationToken.None));
        var atConnect = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url));

        Assert.IsType<OutboundBlockedException>(atConnect.InnerException);
        Assert.Equal(2, resolver.Lookups);
        Assert.Single(resolver.Hosts.Distinct());
        Assert.Contains($"'{resolver.Hosts[0]}' is not allowed", early.Message);
        Assert.Equal(0, server.Connections);
    }

    // The allow-list entry names 127.0.0.1; the same address spelled otherwise is the same destination.
    [Theory]
    [InlineData("127.0.0.1.")]
    [InlineData("2130706433")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task An_allow_listed_address_is_reached_however_the_url_spells_it(string host)
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        var resolver = FakeHostResolver.NeverCalled();
        using var client = ClientOver(PlatformConnectors.Guard(resolver, server.HostAndPort));

        var body = await client.GetStringAsync($"http://{host}:{server.Port}/");

        Assert.Equal("hello", body);
        Assert.Equal(1, server.Connections);
        Assert.Equal(0, resolver.Lookups);
    }

    [Fact]
    public async Task A_name_that_rebinds_to_loopback_after_the_pre_check_is_refused_at_connect_time()
    {
        await using var server = LoopbackHttpServer.Answering(Ok);
        var resolver = new FakeHostResolver((_, lookup) => [lookup == 1 ? IPAddress.Parse("8.8.8.8") : IPAddress.Loopback]);
        var guard = PlatformConnectors.Guard(resolver);
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
        using var client = ClientOver(PlatformConnectors.Guard(resolver, $"storage.test:{server.Port}"));

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
        using var client = ClientOver(PlatformConnectors.Guard(FakeHostResolver.NeverCalled(), redirector.HostAndPort, target.HostAndPort));

        using var response = await client.GetAsync(redirector.Url);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(target.Url, response.Headers.Location);
        Assert.Equal(0, target.Connections);
    }

    private static HttpClient ClientOver(OutboundGuard guard) => new(guard.CreateHandler());
}
