using System.Net.Sockets;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.Tests.Support;

namespace Amove.CloudAccounts.Connectors.Tests.Outbound;

public sealed class OutboundGuardTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // The resolver must never be called: each host is an IP literal once Uri has canonicalized it
    // (127.1, 2130706433 and 0x7f000001 all become 127.0.0.1).
    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://127.1/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("https://good@127.0.0.1/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.20.30.40/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://172.31.255.254/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://192.0.0.8/")]
    [InlineData("http://198.18.0.1/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("http://255.255.255.255/")]
    [InlineData("http://[fc00::1]/")]
    [InlineData("http://[fd12:3456::1]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[fec0::1]/")]
    [InlineData("http://[ff02::1]/")]
    [InlineData("http://[64:ff9b::7f00:1]/")]
    [InlineData("http://[2002:7f00:1::1]/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    public async Task Refuses_an_address_literal_in_a_blocked_range(string url)
    {
        var guard = Guards.Create(FakeHostResolver.NeverCalled());

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(new Uri(url), None));

        Assert.Contains("is not allowed", refusal.Message);
    }

    [Theory]
    [InlineData("https://8.8.8.8/")]
    [InlineData("https://[2606:4700::1111]/")]
    [InlineData("http://172.32.0.1/")]
    [InlineData("http://100.128.0.1/")]
    [InlineData("http://11.0.0.1:8080/")]
    public async Task Allows_a_public_address_literal(string url)
    {
        var guard = Guards.Create(FakeHostResolver.NeverCalled());

        await guard.EnsureAllowedAsync(new Uri(url), None);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://8.8.8.8/")]
    [InlineData("gopher://8.8.8.8:70/_")]
    public async Task Refuses_schemes_other_than_http_and_https(string url)
    {
        var guard = Guards.Create(FakeHostResolver.NeverCalled());

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(new Uri(url), None));

        Assert.Contains("Only absolute http and https URLs", refusal.Message);
    }

    [Fact]
    public async Task Refuses_a_relative_url()
    {
        var guard = Guards.Create(FakeHostResolver.NeverCalled());

        await Assert.ThrowsAsync<OutboundBlockedException>(
            () => guard.EnsureAllowedAsync(new Uri("/latest/meta-data", UriKind.Relative), None));
    }

    [Fact]
    public async Task Refuses_a_name_that_resolves_to_a_private_address()
    {
        var guard = Guards.Create(FakeHostResolver.Returning("10.0.0.1"));

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(
            () => guard.EnsureAllowedAsync(new Uri("https://storage.example.com/"), None));

        Assert.Equal(
            "The address of 'storage.example.com' is not allowed: loopback, link-local, private and multicast destinations are blocked.",
            refusal.Message);
    }

    [Fact]
    public async Task Refuses_a_name_when_any_one_of_its_addresses_is_private()
    {
        var guard = Guards.Create(FakeHostResolver.Returning("8.8.8.8", "2606:4700::1111", "192.168.0.10"));

        await Assert.ThrowsAsync<OutboundBlockedException>(
            () => guard.EnsureAllowedAsync(new Uri("https://storage.example.com/"), None));
    }

    [Fact]
    public async Task Refuses_a_name_that_resolves_to_an_IPv4_mapped_loopback_address()
    {
        var guard = Guards.Create(FakeHostResolver.Returning("::ffff:127.0.0.1"));

        await Assert.ThrowsAsync<OutboundBlockedException>(
            () => guard.EnsureAllowedAsync(new Uri("https://storage.example.com/"), None));
    }

    [Fact]
    public async Task Allows_a_name_whose_addresses_are_all_public()
    {
        var resolver = FakeHostResolver.Returning("8.8.8.8", "2606:4700::1111");
        var guard = Guards.Create(resolver);

        await guard.EnsureAllowedAsync(new Uri("https://storage.example.com/"), None);

        Assert.Equal(1, resolver.Lookups);
    }

    [Fact]
    public async Task Lets_a_name_that_cannot_be_resolved_pass_the_pre_check()
    {
        var guard = Guards.Create(new FakeHostResolver((_, _) => throw new SocketException((int)SocketError.HostNotFound)));

        await guard.EnsureAllowedAsync(new Uri("https://no-such-host.example.com/"), None);
    }

    [Theory]
    [InlineData("http://localhost:4570/")]
    [InlineData("https://LOCALHOST/")]
    public async Task Allows_an_allow_listed_host_on_any_port_without_resolving_it(string url)
    {
        var guard = Guards.Create(FakeHostResolver.NeverCalled(), "localhost");

        await guard.EnsureAllowedAsync(new Uri(url), None);
    }

    [Fact]
    public async Task Allows_an_allow_listed_host_and_port_only_on_that_port()
    {
        var guard = Guards.Create(FakeHostResolver.NeverCalled(), "127.0.0.1:4570");

        await guard.EnsureAllowedAsync(new Uri("http://127.0.0.1:4570/"), None);
        await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(new Uri("http://127.0.0.1:4571/"), None));
        await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(new Uri("http://127.0.0.1/"), None));
    }

    [Fact]
    public async Task Allows_an_allow_listed_IPv6_address_and_port_in_any_spelling()
    {
        var guard = Guards.Create(FakeHostResolver.NeverCalled(), "[0:0::1]:8080");

        await guard.EnsureAllowedAsync(new Uri("http://[::1]:8080/"), None);
        await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(new Uri("http://[::1]:8081/"), None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:http")]
    [InlineData("[::1")]
    [InlineData("[not-an-address]:80")]
    [InlineData("a:b:c")]
    [InlineData("http://host/")]
    public void Refuses_a_malformed_allow_list_entry(string entry)
    {
        Assert.Throws<ArgumentException>(() => Guards.Create(FakeHostResolver.NeverCalled(), entry));
    }
}
