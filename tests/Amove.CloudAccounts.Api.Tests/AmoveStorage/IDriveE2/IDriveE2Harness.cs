using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.AmoveStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.IDriveE2;

/// <summary>
/// The storage host exactly as the API registers it (<c>AddStorageConnectors</c> and <c>AddAmoveStorageHost</c> on a
/// started host, so options are validated), pointed at a <see cref="FakeIDriveE2Server"/>, with every log line kept.
/// </summary>
public sealed class IDriveE2Harness : IAsyncDisposable
{
    private readonly IHost _host;

    private IDriveE2Harness(IHost host, CapturingLoggerProvider logs)
    {
        _host = host;
        Logs = logs;
    }

    public IAmoveStorageHost Host => _host.Services.GetRequiredService<IAmoveStorageHost>();

    public CapturingLoggerProvider Logs { get; }

    /// <summary>The fake's settings (base URL and the right key), then <paramref name="settings"/> over them.</summary>
    public static Task<IDriveE2Harness> StartAsync(
        FakeIDriveE2Server fake, IDictionary<string, string?>? settings = null, TimeProvider? clock = null) =>
        StartAsync(
            new Dictionary<string, string?>
            {
                ["AmoveStorage:IDriveE2:BaseUrl"] = fake.BaseUrl,
                ["AmoveStorage:IDriveE2:ApiKey"] = FakeIDriveE2Server.ApiKey,
            }.Concat(settings ?? new Dictionary<string, string?>()).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            clock);

    /// <summary>The host built from <paramref name="settings"/> alone, in <paramref name="environment"/>, and started.</summary>
    public static async Task<IDriveE2Harness> StartAsync(
        IDictionary<string, string?> settings, TimeProvider? clock = null, string environment = "Testing")
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AmoveStorage:Host"] = "IDriveE2" });
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFilter(_ => true).AddProvider(logs);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddStorageConnectors(builder.Configuration).AddAmoveStorageHost(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new IDriveE2Harness(host, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
