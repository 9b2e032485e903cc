using System.Collections.Concurrent;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Connectors.Tests.Azure;

/// <summary>
/// The Azure connector as the service builds it (<see cref="PlatformConnectors"/>), with every HTTP request it sends
/// recorded by a handler in front of the named client's own, so a test counts provider calls (retries are not counted twice).
/// </summary>
internal sealed class AzureConnectorHost : IDisposable
{
    private readonly PlatformConnectors _platform;
    private readonly ConcurrentQueue<Uri> _requests = new();

    public AzureConnectorHost(IEnumerable<string> allowedHosts, Dictionary<string, string?>? settings = null, IHostResolver? resolver = null)
    {
        _platform = PlatformConnectors.Build(
            resolver,
            allowedHosts,
            settings,
            configure: services => services.ConfigureHttpClientDefaults(
                client => client.AddHttpMessageHandler(() => new RecordingHandler(_requests))));
        Connector = _platform.For(CloudProvider.Azure);
    }

    public IStorageConnector Connector { get; }

    /// <summary>Every request sent, in order.</summary>
    public IReadOnlyList<Uri> Requests => [.. _requests];

    /// <summary>A connector allowed to reach <paramref name="azurite"/>, with <paramref name="settings"/> on top.</summary>
    public static AzureConnectorHost For(AzuriteFixture azurite, params (string Key, string? Value)[] settings) =>
        new([azurite.HostAndPort], settings.ToDictionary(setting => setting.Key, setting => setting.Value));

    public void Dispose() => (_platform.Services as IDisposable)?.Dispose();

    private sealed class RecordingHandler(ConcurrentQueue<Uri> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue(request.RequestUri!);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
