using System.Net;
using System.Net.Sockets;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>The API on Kestrel behind a real nginx, as operators run it.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReverseProxyTests(CloudAccountsApiFactory api)
{
    [Fact]
    public async Task Behind_nginx_the_api_serves_callers_and_knows_each_client_by_its_forwarded_address()
    {
        var apiPort = LoopbackHttpServer.UnusedPort();
        using var kestrel = api.WithWebHostBuilder(builder => builder
            .UseSetting("RateLimiting:PermitLimit", "2")
            .UseSetting("RateLimiting:WindowSeconds", "600"));
        kestrel.UseKestrel(options => options.Listen(IPAddress.Loopback, apiPort));
        kestrel.StartServer();
        await using var nginx = await NginxReverseProxy.StartAsync(apiPort);
        var tenant = new TestTenant();
        using var owner = ClientConnectingFrom("127.0.0.4", nginx.Url);
        owner.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.For(tenant.Owner));
        using var firstAnonymous = ClientConnectingFrom("127.0.0.2", nginx.Url);
        using var secondAnonymous = ClientConnectingFrom("127.0.0.3", nginx.Url);

        var served = await owner.GetAsync(CloudAccountApi.GetAll);
        var firstAnswers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            firstAnswers.Add((await firstAnonymous.GetAsync(CloudAccountApi.GetAll)).StatusCode);
        }

        var secondAnswer = (await secondAnonymous.GetAsync(CloudAccountApi.GetAll)).StatusCode;

        await served.ShouldBeOkJsonObjectAsync();
        // Anonymous callers are limited per client address; nginx is one address, its clients are three.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], firstAnswers);
        Assert.Equal(HttpStatusCode.Unauthorized, secondAnswer);
    }

    /// <summary>A client whose connections come from <paramref name="localAddress"/> (any 127.x address is this host).</summary>
    private static HttpClient ClientConnectingFrom(string localAddress, Uri baseAddress) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = baseAddress,
        };
}
