using System.Net.Sockets;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.Tests.Support;

namespace Amove.CloudAccounts.Connectors.Tests.Outbound;

/// <summary>The early check, <see cref="OutboundGuard.EnsureAllowedAsync"/>, run before any connection.</summary>
public sealed class OutboundGuardTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string, string> BlockedAddresses => SpecialPurposeAddresses.Blocked;

    public static TheoryData<string, string> AllowedAddresses => SpecialPurposeAddresses.Allowed;

    [Theory]
    [MemberData(nameof(BlockedAddresses))]
    public async Task Refuses_an_address_literal_in_every_blocked_range_without_a_lookup(string range, string address)
    {
        var resolver = FakeHostResolver.NeverCalled();
        var guard = PlatformConnectors.Guard(resolver);
        var url = new Uri($"http://{SpecialPurposeAddresses.AsUrlHost(address)}/");

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(url, None));

        Assert.True(refusal.Message.StartsWith($"The address of '{url.IdnHost}' is not allowed", StringComparison.Ordinal), $"{range}: {refusal.Message}");
        Assert.Equal(0, resolver.Lookups);
    }

    [Theory]
    [MemberData(nameof(BlockedAddresses))]
    public async Task Refuses_a_name_resolving_into_every_blocked_range(string range, string address)
    {
        var resolver = FakeHostResolver.Returning(address);
        var guard = PlatformConnectors.Guard(resolver);

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(
            () => guard.EnsureAllowedAsync(new Uri("https://storage.example.com/"), None));

        Assert.True(
            refusal.Message == "The address of 'storage.example.com' is not allowed: it is not globally reachable (loopback, link-local, private, multicast and other special-purpose addresses are blocked).",
            $"{range}: {refusal.Message}");
        Assert.Equal(["storage.example.com"], resolver.Hosts);
    }

    // A literal is judged as the address it is: the resolver is never consulted, so DNS cannot change the verdict.
    [Theory]
    [MemberData(nameof(AllowedAddresses))]
    public async Task Allows_a_globally_reachable_address_literal_without_a_lookup(string range, string address)
    {
        var resolver = FakeHostResolver.NeverCalled();
        var guard = PlatformConnectors.Guard(resolver);

        var failure = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri($"https://{SpecialPurposeAddresses.AsUrlHost(address)}/"), None));

        Assert.True(failure is null, $"{range} ({address}) was refused: {failure?.Message}");
        Assert.Equal(0, resolver.Lookups);
    }

    [Theory]
    [MemberData(nameof(AllowedAddresses))]
    public async Task Allows_a_name_resolving_to_a_globally_reachable_address_after_looking_it_up(string range, string address)
    {
        var resolver = FakeHostResolver.Returning(address);
        var guard = PlatformConnectors.Guard(resolver);

        var failure = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri("https://storage.example.com/"), None));

        Assert.True(failure is null, $"{range} ({address}) was refused: {failure?.Message}");
        Assert.Equal(["storage.example.com"], resolver.Hosts);
    }

    // Uri canonicalizes most of these to 127.0.0.1 (or ::1, 169.254.169.254) before the guard sees them; the rest
    // (a trailing dot on a number, a zone id) the guard reads itself. None of them may reach the resolver.
    [Theory]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://0x7f.0.0.1/")]
    [InlineData("http://0x7F.0X0.0.01/")]
    [InlineData("http://017700000001/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://127.000.000.001/")]
    [InlineData("http://127.1/")]
    [InlineData("http://127.0.1/")]
    [InlineData("http://0/")]
    [InlineData("http://127。0。0。1/")]
    [InlineData("http://127．0．0．1/")]
    [InlineData("http://127.0.0.1./")]
    [InlineData("http://0x7f.1./")]
    [InlineData("http://2130706433./")]
    [InlineData("https://good@127.0.0.1/")]
    [InlineData("http://2852039166/latest/meta-data/")]
    [InlineData("http://0xa9fea9fe/")]
    [InlineData("http://169.254.43518/")]
    [InlineData("http://[0:0:0:0:0:0:0:1]/")]
    [InlineData("http://[0000:0000:0000:0000:0000:0000:0000:0001]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::FFFF:7F00:1]/")]
    [InlineData("http://[0:0:0:0:0:ffff:7f00:1]/")]
    [InlineData("http://[0000:0000:0000:0000:0000:FFFF:7F00:0001]/")]
    [InlineData("http://[::127.0.0.1]/")]
    [InlineData("http://[::7f00:1]/")]
    [InlineData("http://[::ffff:0:127.0.0.1]/")]
    [InlineData("http://[64:ff9b::127.0.0.1]/")]
    [InlineData("http://[64:FF9B::A9FE:A9FE]/")]
    [InlineData("http://[FE80::1]/")]
    [InlineData("http://[fe80::1%25eth0]/")]
    [InlineData("http://[fe80::1%eth0]/")]
    [InlineData("http://[fe80:0:0:0:0:0:0:1%251]/")]
    public async Task Refuses_a_blocked_address_however_the_url_spells_it(string url)
    {
        var resolver = FakeHostResolver.NeverCalled();
        var guard = PlatformConnectors.Guard(resolver);

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(new Uri(url), None));

        Assert.Contains("is not allowed", refusal.Message);
        Assert.Equal(0, resolver.Lookups);
    }

    [Theory]
    [InlineData("https://storage.example.com./", "storage.example.com.")]
    [InlineData("https://STORAGE.Example.COM/", "storage.example.com")]
    [InlineData("https://bücher.example/", "xn--bcher-kva.example")]
    public async Task Looks_up_a_name_however_it_is_spelled_and_refuses_it_when_it_resolves_to_loopback(string url, string lookedUp)
    {
        var resolver = FakeHostResolver.Returning("127.0.0.1");
        var guard = PlatformConnectors.Guard(resolver);

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(new Uri(url), None));

        Assert.Equal([lookedUp], resolver.Hosts);
        Assert.Contains($"'{lookedUp}' is not allowed", refusal.Message);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://8.8.8.8/")]
    [InlineData("gopher://8.8.8.8:70/_")]
    public async Task Refuses_schemes_other_than_http_and_https(string url)
    {
        var resolver = FakeHostResolver.NeverCalled();
        var guard = PlatformConnectors.Guard(resolver);

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(() => guard.EnsureAllowedAsync(new Uri(url), None));

        Assert.Equal($"Only absolute http and https URLs are allowed: '{url}'.", refusal.Message);
        Assert.Equal(0, resolver.Lookups);
    }

    [Fact]
    public async Task Refuses_a_relative_url()
    {
        var guard = PlatformConnectors.Guard(FakeHostResolver.NeverCalled());

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(
            () => guard.EnsureAllowedAsync(new Uri("/latest/meta-data", UriKind.Relative), None));

        Assert.Equal("Only absolute http and https URLs are allowed: '/latest/meta-data'.", refusal.Message);
    }

    [Fact]
    public async Task Refuses_a_name_when_any_one_of_its_addresses_is_blocked()
    {
        var resolver = FakeHostResolver.Returning("8.8.8.8", "2606:4700::1111", "192.168.0.10");
        var guard = PlatformConnectors.Guard(resolver);

        var refusal = await Assert.ThrowsAsync<OutboundBlockedException>(
            () => guard.EnsureAllowedAsync(new Uri("https://storage.example.com/"), None));

        Assert.Contains("'storage.example.com' is not allowed", refusal.Message);
        Assert.Equal(1, resolver.Lookups);
    }

    [Fact]
    public async Task Lets_a_name_that_cannot_be_resolved_pass_the_pre_check_after_trying_to_resolve_it()
    {
        var resolver = new FakeHostResolver((_, _) => throw new SocketException((int)SocketError.HostNotFound));
        var guard = PlatformConnectors.Guard(resolver);

        var failure = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri("https://no-such-host.example.com/"), None));

        Assert.Null(failure);
        Assert.Equal(["no-such-host.example.com"], resolver.Hosts);
    }

    [Fact]
    public async Task Lets_a_name_with_no_addresses_pass_the_pre_check_after_trying_to_resolve_it()
    {
        var resolver = new FakeHostResolver((_, _) => []);
        var guard = PlatformConnectors.Guard(resolver);

        var failure = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri("https://empty.example.com/"), None));

        Assert.Null(failure);
        Assert.Equal(["empty.example.com"], resolver.Hosts);
    }

    [Theory]
    [InlineData("http://localhost:4570/")]
    [InlineData("https://LOCALHOST/")]
    [InlineData("https://localhost./")]
    public async Task Allows_an_allow_listed_host_on_any_port_without_resolving_it(string url)
    {
        var resolver = FakeHostResolver.NeverCalled();
        var guard = PlatformConnectors.Guard(resolver, "localhost");

        var failure = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri(url), None));

        Assert.Null(failure);
        Assert.Equal(0, resolver.Lookups);
    }

    [Fact]
    public async Task Allows_an_allow_listed_host_and_port_only_on_that_port()
    {
        var guard = PlatformConnectors.Guard(FakeHostResolver.NeverCalled(), "127.0.0.1:4570");

        var onThatPort = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri("http://127.0.0.1:4570/"), None));
        var spelledOnThatPort = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri("http://2130706433:4570/"), None));
        var otherPort = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri("http://127.0.0.1:4571/"), None));
        var defaultPort = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri("http://127.0.0.1/"), None));

        Assert.Null(onThatPort);
        Assert.Null(spelledOnThatPort);
        Assert.IsType<OutboundBlockedException>(otherPort);
        Assert.IsType<OutboundBlockedException>(defaultPort);
    }

    [Theory]
    [InlineData("[0:0::1]:8080", "http://[::1]:8080/")]
    [InlineData("[::1]:8080", "http://[0000:0000:0000:0000:0000:0000:0000:0001]:8080/")]
    [InlineData("[FE80::1%eth0]:8080", "http://[fe80::1]:8080/")]
    [InlineData("[fe80::1]:8080", "http://[fe80::1%25eth1]:8080/")]
    [InlineData("[::ffff:127.0.0.1]:8080", "http://127.0.0.1:8080/")]
    public async Task Allows_an_allow_listed_IPv6_address_and_port_in_any_spelling(string entry, string url)
    {
        var guard = PlatformConnectors.Guard(FakeHostResolver.NeverCalled(), entry);

        var onThatPort = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri(url), None));
        var otherPort = await Record.ExceptionAsync(() => guard.EnsureAllowedAsync(new Uri(url.Replace(":8080/", ":8081/")), None));

        Assert.Null(onThatPort);
        Assert.IsType<OutboundBlockedException>(otherPort);
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
        var refusal = Assert.Throws<ArgumentException>(() => PlatformConnectors.Guard(FakeHostResolver.NeverCalled(), entry));

        Assert.StartsWith($"'{entry}' is not a valid allowed host", refusal.Message);
    }
}
