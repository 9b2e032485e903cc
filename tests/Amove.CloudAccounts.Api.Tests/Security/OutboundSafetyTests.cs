using System.Net;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Security;

/// <summary>
/// SSRF through insert: a service URL that points inside (this host, its networks, cloud metadata) is refused with
/// SECURITY before any connection is made, and nothing is stored.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OutboundSafetyTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    private static object S3GenericAt(string serviceUrl) => new
    {
        cloudType = 8,
        name = "SSRF probe",
        accessKey = TestEnvironment.S3AccessKey,
        secretKey = TestEnvironment.S3SecretKey,
        serviceUrl,
        shared = false,
    };

    // Spellings of this host. The listener is on 127.0.0.1 and [::1]; 127.0.0.1:<s3rver port> is allow-listed,
    // so the first row also shows that allow-listing a host:port does not open the host's other ports.
    public static TheoryData<string> LoopbackUrls => new()
    {
        "http://127.0.0.1:{port}",
        "https://127.0.0.1:{port}",
        "http://127.1:{port}",
        "http://2130706433:{port}",
        "http://0x7f000001:{port}",
        "http://0177.0.0.1:{port}",
        "http://0.0.0.0:{port}",
        "http://[::1]:{port}",
        "http://[::ffff:127.0.0.1]:{port}",
        "http://localhost:{port}",
        "http://LocalHost:{port}",
    };

    [Theory]
    [MemberData(nameof(LoopbackUrls))]
    public async Task A_loopback_service_url_is_refused_with_SECURITY_without_connecting_or_storing(string template)
    {
        await using var listener = new CountingTcpListener();
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, S3GenericAt(template.Replace("{port}", listener.Port.ToString())));

        await response.ShouldBeAmoveErrorAsync("SECURITY");
        Assert.Equal(0, await api.CountCloudAccountsAsync(_tenant.AccountId));
        await AssertNoConnectionWasMadeAsync(listener);
    }

    public static TheoryData<string> InternalUrls => new()
    {
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://10.0.0.1",
        "http://[::ffff:10.0.0.1]",
        "http://172.16.0.1",
        "http://172.31.255.254:9000",
        "http://192.168.1.1",
        "http://100.64.0.1",
        "http://[fc00::1]",
        "http://[fd12:3456::1]:8080",
        "http://[fe80::1]",
        "http://224.0.0.1",
        "http://255.255.255.255",
    };

    [Theory]
    [MemberData(nameof(InternalUrls))]
    public async Task A_private_link_local_or_metadata_service_url_is_refused_with_SECURITY_and_not_stored(string serviceUrl)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, S3GenericAt(serviceUrl));

        await response.ShouldBeAmoveErrorAsync("SECURITY", "not allowed");
        Assert.Equal(0, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_private_address_is_refused_with_SECURITY()
    {
        var resolver = RecordingHostResolver.Mapping(("internal.amove.test", "10.0.0.5"));
        await using var app = api.WithHostResolver(resolver);
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, S3GenericAt("http://internal.amove.test"));

        await response.ShouldBeAmoveErrorAsync("SECURITY", "internal.amove.test");
        Assert.True(resolver.LookupsOf("internal.amove.test") >= 1, "The name was refused without being looked up.");
        Assert.Equal(0, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_host_name_with_one_public_and_one_private_address_is_refused_with_SECURITY()
    {
        var resolver = RecordingHostResolver.Mapping(("mixed.amove.test", "8.8.8.8"), ("mixed.amove.test", "192.168.0.10"));
        await using var app = api.WithHostResolver(resolver);
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, S3GenericAt("https://mixed.amove.test"));

        await response.ShouldBeAmoveErrorAsync("SECURITY", "mixed.amove.test");
        Assert.Equal(0, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_host_name_that_rebinds_to_loopback_after_the_first_check_is_still_refused_without_connecting()
    {
        await using var listener = new CountingTcpListener();
        // The first answer passes the early check; every later one (the connect-time lookup) points at this host.
        var resolver = new RecordingHostResolver((host, lookup) => host == "rebind.amove.test"
            ? [IPAddress.Parse(lookup == 1 ? "8.8.8.8" : "127.0.0.1")]
            : null);
        await using var app = api.WithHostResolver(resolver);
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, S3GenericAt($"http://rebind.amove.test:{listener.Port}"));

        await response.ShouldBeAmoveErrorAsync("SECURITY");
        Assert.True(resolver.LookupsOf("rebind.amove.test") >= 2, "The connection was not vetted with its own lookup.");
        Assert.Equal(0, await api.CountCloudAccountsAsync(_tenant.AccountId));
        await AssertNoConnectionWasMadeAsync(listener);
    }

    public static TheoryData<string> NonHttpUrls => new()
    {
        "file:///etc/passwd",
        "ftp://127.0.0.1:{port}/",
        "gopher://127.0.0.1:{port}/_x",
        "dict://127.0.0.1:{port}/",
        "//127.0.0.1:{port}/",
        "127.0.0.1:{port}",
    };

    // Not an address question: the field is simply not an http(s) URL, which request validation refuses.
    [Theory]
    [MemberData(nameof(NonHttpUrls))]
    public async Task A_service_url_that_is_not_absolute_http_or_https_is_a_DEFAULT_error_and_nothing_is_contacted(string template)
    {
        await using var listener = new CountingTcpListener();
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, S3GenericAt(template.Replace("{port}", listener.Port.ToString())));

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "'serviceUrl' must be an absolute http or https URL.");
        Assert.Equal(0, await api.CountCloudAccountsAsync(_tenant.AccountId));
        await AssertNoConnectionWasMadeAsync(listener);
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_server_to_loopback_is_not_followed()
    {
        await using var target = new CountingTcpListener();
        await using var redirector = LoopbackHttpServer.Redirecting($"http://127.0.0.1:{target.Port}/");
        await using var app = api.WithAllowedHost(redirector.HostAndPort);
        using var client = app.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, S3GenericAt(redirector.Url.ToString()));

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "redirect");
        Assert.True(redirector.Requests >= 1, "The allow-listed server was never asked: the test proves nothing.");
        Assert.Equal(0, await api.CountCloudAccountsAsync(_tenant.AccountId));
        await AssertNoConnectionWasMadeAsync(target);
    }

    [Fact]
    public async Task The_allow_listed_s3_server_is_still_reachable()
    {
        // The other side of every refusal above: the guard does not simply refuse everything.
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, S3GenericAt(TestEnvironment.S3Url.ToString()));

        await response.ShouldBeOkJsonObjectAsync();
        Assert.Equal(1, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    /// <summary>
    /// Zero connections: the listener accepts in the order connections were made, so if the API had connected, its
    /// connection would be accepted before the probe made now. No waiting for a stray connection to turn up.
    /// </summary>
    private static async Task AssertNoConnectionWasMadeAsync(CountingTcpListener listener)
    {
        foreach (var address in listener.Addresses)
        {
            Assert.Equal(0, await listener.ConnectionsBeforeProbeAsync(address));
        }

        Assert.Equal(listener.Addresses.Count, listener.Connections);
    }
}
