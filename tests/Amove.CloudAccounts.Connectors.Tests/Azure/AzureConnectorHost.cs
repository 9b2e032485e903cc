using System.Collections.Concurrent;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Connectors.Tests.Azure;

/// <summary>
/// The Azure connector as the service builds it (AddStorageConnectors: platform, named HTTP client, outbound guard), with
/// every HTTP request it sends recorded by a handler in front of the client's own, so a test counts provider calls.
/// </summary>
internal sealed class AzureConnectorHost : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly ConcurrentQueue<Uri> _requests = new();

    public AzureConnectorHost(IDictionary<string, string?> settings, IHostResolver? resolver = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (resolver is not null)
        {
            services.AddSingleton(resolver);
        }

        services.AddStorageConnectors(configuration);
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new RecordingHandler(_requests)));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Connector = _services.GetRequiredKeyedService<IStorageConnector>(CloudProvider.Azure);
    }

    public IStorageConnector Connector { get; }

    /// <summary>Every request sent, in order.</summary>
    public IReadOnlyList<Uri> Requests => [.. _requests];

    /// <summary>A connector allowed to reach <paramref name="azurite"/>, with <paramref name="extra"/> settings on top.</summary>
    public static AzureConnectorHost For(AzuriteFixture azurite, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Outbound:AllowedHosts:0"] = azurite.HostAndPort };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new AzureConnectorHost(settings);
    }

    public void Dispose() => _services.Dispose();

    private sealed class RecordingHandler(ConcurrentQueue<Uri> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue(request.RequestUri!);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
