using Amove.CloudAccounts.Api.Tests.AmoveStorage;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Connectors.Outages;

/// <summary>One way a provider can fail this service.</summary>
public enum Outage
{
    /// <summary>Nothing listens: the connection is refused.</summary>
    Refused,

    /// <summary>The request is read and never answered.</summary>
    Hang,

    /// <summary>Every request is answered 500.</summary>
    ServerError,

    /// <summary>Every request is answered 429 with <c>Retry-After: 30</c>, longer than this service waits.</summary>
    Throttled,

    /// <summary>Every request is answered 200 with a body that is neither XML nor JSON.</summary>
    Garbage,

    /// <summary>Every connection is reset once the request has arrived.</summary>
    Reset,
}

/// <summary>A provider endpoint failing one <see cref="Outage"/> way, counting the calls that reach it.</summary>
public sealed class OutageEndpoint : IAsyncDisposable
{
    private readonly LoopbackHttpServer? _http;
    private readonly MisbehavingTcpServer? _tcp;
    private readonly int _port;

    private OutageEndpoint(LoopbackHttpServer? http = null, MisbehavingTcpServer? tcp = null, int? unusedPort = null)
    {
        (_http, _tcp) = (http, tcp);
        _port = http?.Port ?? tcp?.Port ?? unusedPort ?? throw new ArgumentException("An endpoint needs a port.");
    }

    public string HostAndPort => $"127.0.0.1:{_port}";

    public Uri Url => new($"http://{HostAndPort}/");

    /// <summary>Calls that reached the provider: requests read, or connections accepted (none where nothing listens).</summary>
    public int Calls => _http?.Requests ?? _tcp?.Connections ?? 0;

    public static OutageEndpoint Start(Outage outage) => outage switch
    {
        Outage.Refused => new(unusedPort: LoopbackHttpServer.UnusedPort()),
        Outage.Hang => new(http: LoopbackHttpServer.NeverAnswering()),
        Outage.ServerError => new(http: LoopbackHttpServer.Answering(
            LoopbackHttpServer.HttpResponse(500, "Internal Server Error", "Something broke.", "Content-Type: text/plain"))),
        Outage.Throttled => new(http: LoopbackHttpServer.Answering(
            LoopbackHttpServer.HttpResponse(429, "Too Many Requests", "Slow down.", "Content-Type: text/plain", "Retry-After: 30"))),
        Outage.Garbage => new(http: LoopbackHttpServer.Answering(
            LoopbackHttpServer.HttpResponse(200, "OK", "\u0001\u0002 neither <xml nor {json", "Content-Type: application/octet-stream"))),
        Outage.Reset => new(tcp: new MisbehavingTcpServer(TcpMisbehaviour.Reset)),
    };

    /// <summary>Completes once <paramref name="calls"/> calls have reached the endpoint.</summary>
    public Task WaitForCallsAsync(int calls) =>
        _http?.WaitUntilAsync(server => server.Requests >= calls, $"{calls} requests")
        ?? _tcp?.WaitUntilAsync(server => server.Connections >= calls, $"{calls} connections")
        ?? throw new InvalidOperationException("Nothing listens on this endpoint: no call ever reaches it.");

    public async ValueTask DisposeAsync()
    {
        if (_http is not null)
        {
            await _http.DisposeAsync();
        }

        if (_tcp is not null)
        {
            await _tcp.DisposeAsync();
        }
    }
}

/// <summary>
/// A connector family as a client reaches it: the settings that point the API at a provider endpoint, and one client
/// request that calls that provider.
/// </summary>
public sealed record ProviderFamily(
    string Name,
    Func<Uri, string, IReadOnlyDictionary<string, string?>> SettingsFor,
    Func<HttpClient, Uri, Task<HttpResponseMessage>> Send)
{
    public static readonly ProviderFamily S3 = new(
        "S3",
        (_, hostAndPort) => new Dictionary<string, string?> { ["Outbound:AllowedHosts:2"] = hostAndPort },
        (client, url) => client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = (int)CloudProvider.S3Generic,
            name = "S3 in an outage",
            accessKey = "AKIAEXAMPLE",
            secretKey = "secret",
            serviceUrl = url,
        }));

    public static readonly ProviderFamily Azure = new(
        "Azure",
        (_, hostAndPort) => new Dictionary<string, string?> { ["Outbound:AllowedHosts:2"] = hostAndPort },
        (client, url) => client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = (int)CloudProvider.Azure,
            name = "Azure in an outage",
            accessKey = TestEnvironment.AzuriteAccountName,
            secretKey = TestEnvironment.AzuriteAccountKey,
            serviceUrl = new Uri(url, TestEnvironment.AzuriteAccountName).ToString(),
        }));

    /// <summary>An OAuth drive: the API host of Dropbox is the endpoint; the stored access token is still valid.</summary>
    public static readonly ProviderFamily Dropbox = new(
        "Dropbox",
        (url, _) => new Dictionary<string, string?>
        {
            ["Connectors:Dropbox:ApiBaseUrl"] = url.ToString().TrimEnd('/'),
            ["Connectors:Dropbox:TokenUrl"] = new Uri(url, "oauth2/token").ToString(),
            ["Connectors:Dropbox:AuthorizeUrl"] = new Uri(url, "oauth2/authorize").ToString(),
            ["Connectors:Dropbox:ClientId"] = "outage-app",
            ["Connectors:Dropbox:ClientSecret"] = "outage-secret",
        },
        (client, _) => client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = (int)CloudProvider.Dropbox,
            name = "Dropbox in an outage",
            credentialsData = """{"access_token":"at-outage","token_type":"bearer","refresh_token":"rt-outage","expires_in":14400,"account_id":"dbid:outage"}""",
        }));

    /// <summary>The IDrive e2 reseller API behind hosted storage; the regions are asked for on every request.</summary>
    public static readonly ProviderFamily IDriveE2 = new(
        "IDrive e2",
        (url, _) => new Dictionary<string, string?>
        {
            ["AmoveStorage:Host"] = "IDriveE2",
            ["AmoveStorage:IDriveE2:BaseUrl"] = new Uri(url, "api/reseller/v1").ToString(),
            ["AmoveStorage:IDriveE2:ApiKey"] = "outage-reseller-key",
            ["AmoveStorage:IDriveE2:RegionCacheMinutes"] = "0",
        },
        (client, _) => client.GetAsync(AmoveStorageApi.Regions));

    public static IReadOnlyDictionary<string, ProviderFamily> All { get; } =
        new[] { S3, Azure, Dropbox, IDriveE2 }.ToDictionary(family => family.Name);

    public override string ToString() => Name;
}
