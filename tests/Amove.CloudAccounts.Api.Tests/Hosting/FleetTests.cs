using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Amove.CloudAccounts.Api.Tests.ApiTokens;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>
/// Two API processes' worth of hosts on one database and one key ring, behind a real nginx that spreads requests over
/// them, as an operator runs a fleet.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FleetTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();
    private readonly ConcurrentDictionary<string, int> _served = new();

    [Fact]
    public async Task Behind_nginx_an_account_connected_through_one_instance_is_listed_and_browsed_through_the_other()
    {
        using var first = Instance("first", out var firstPort);
        using var second = Instance("second", out var secondPort);
        await using var nginx = await NginxReverseProxy.StartAsync(firstPort, secondPort);
        using var viaProxy = Client(nginx.Url);
        var bucket = await api.S3.CreateBucketAsync("fleet");
        var secret = $"sk{Guid.NewGuid():N}";

        var inserted = await (await viaProxy.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Fleet",
            accessKey = TestEnvironment.S3AccessKey,
            secretKey = secret,
            serviceUrl = api.S3.Url,
        })).ShouldBeOkJsonObjectAsync();

        // Each instance reads what the other stored, and decrypts its credentials with the shared key ring.
        foreach (var port in new[] { firstPort, secondPort })
        {
            using var direct = Client(new Uri($"http://127.0.0.1:{port}/"));
            Assert.Equal("Fleet", (string?)Assert.Single(await direct.GetAllDataAsync())!["name"]);
            var buckets = await (await direct.PostJsonAsync(CloudAccountApi.ListBuckets, new { cloudAccountId = inserted["id"] })).ShouldBeOkJsonObjectAsync();
            Assert.Contains(buckets["data"]!.AsArray(), b => (string?)b!["name"] == bucket);
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.Single(await viaProxy.GetAllDataAsync());
        }

        Assert.True(_served.GetValueOrDefault("first") > 1 && _served.GetValueOrDefault("second") > 1, $"nginx spread requests: {string.Join(", ", _served)}");
    }

    [Fact]
    public async Task Behind_nginx_an_API_token_minted_on_one_instance_works_on_both_until_revoked_on_either()
    {
        using var first = Instance("first", out var firstPort);
        using var second = Instance("second", out var secondPort);
        await using var nginx = await NginxReverseProxy.StartAsync(firstPort, secondPort);
        using var owner = Client(nginx.Url);
        var created = await (await owner.PostJsonAsync(ApiTokenApi.Insert, ApiTokenApi.Token("Fleet agent"))).ShouldBeOkJsonObjectAsync();
        using var agent = Client(nginx.Url, (string)created["token"]!);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync(ApiTokenApi.GetAll)).StatusCode);
        }

        await (await owner.DeleteAsync(ApiTokenApi.Delete(created.Id()))).ShouldBeOkWithoutBodyAsync();

        for (var i = 0; i < 4; i++)
        {
            await (await agent.GetAsync(ApiTokenApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
        }

        Assert.True(_served.GetValueOrDefault("first") > 1 && _served.GetValueOrDefault("second") > 1, $"nginx spread requests: {string.Join(", ", _served)}");
    }

    [Fact]
    public async Task The_compose_files_nginx_configuration_spreads_requests_over_every_replica()
    {
        using var first = Instance("first", out var firstPort);
        using var second = Instance("second", out var secondPort);
        var port = LoopbackHttpServer.UnusedPort();
        var site = (await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, "deploy", "nginx.conf")))
            .Replace("server api:8080;", $"server 127.0.0.1:{firstPort};\n    server 127.0.0.1:{secondPort};", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal);
        await using var nginx = await NginxReverseProxy.StartSiteAsync(port, site);
        using var viaProxy = Client(nginx.Url);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await viaProxy.GetAsync(CloudAccountApi.GetAll)).StatusCode);
        }

        Assert.Equal(2, _served.GetValueOrDefault("first"));
        Assert.Equal(2, _served.GetValueOrDefault("second"));
    }

    // One more host of the same application on the same database and key ring, on its own loopback port, counting the
    // requests it serves.
    private WebApplicationFactory<Program> Instance(string name, out int port)
    {
        var listenOn = LoopbackHttpServer.UnusedPort();
        var instance = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new CountingStartupFilter(() => _served.AddOrUpdate(name, 1, (_, n) => n + 1)))));
        instance.UseKestrel(options => options.Listen(IPAddress.Loopback, listenOn));
        instance.StartServer();
        port = listenOn;
        return instance;
    }

    private HttpClient Client(Uri baseAddress, string? token = null) => new()
    {
        BaseAddress = baseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token ?? TestTokens.For(_tenant.Owner)) },
    };

    private sealed class CountingStartupFilter(Action count) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                count();
                return following(context);
            });
            next(app);
        };
    }
}
