using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.Platform;
using Amove.CloudAccounts.Connectors.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Tests;

public sealed class ConnectorsServiceCollectionExtensionsTests
{
    [Fact]
    public void Serves_every_S3_family_provider_with_the_one_S3_connector_behind_the_platform_every_connector_goes_through()
    {
        using var services = Build([]);

        var s3 = services.GetRequiredService<S3Connector>();
        Assert.All(
            new[] { CloudProvider.AWS, CloudProvider.Wasabi, CloudProvider.S3Generic, CloudProvider.Google, CloudProvider.Cloudflare },
            provider =>
            {
                var platform = Assert.IsType<BoundedStorageConnector>(services.GetRequiredKeyedService<IStorageConnector>(provider));
                Assert.Same(s3, platform.Inner);
                Assert.Equal(provider, platform.Description.Provider);
            });
    }

    [Fact]
    public void Describes_every_provider_it_serves_and_only_those()
    {
        using var services = Build([]);

        var catalog = services.GetRequiredService<ProviderCatalog>();
        var served = Enum.GetValues<CloudProvider>().Where(provider => services.GetKeyedService<IStorageConnector>(provider) is not null);
        Assert.Equal(served, catalog.All.Select(description => description.Provider));
        Assert.Equal(
            [
                CloudProvider.AWS, CloudProvider.Wasabi, CloudProvider.Azure, CloudProvider.S3Generic, CloudProvider.Google, CloudProvider.Frame,
                CloudProvider.Cloudflare, CloudProvider.Dropbox, CloudProvider.Box, CloudProvider.OneDrive, CloudProvider.GoogleDrive,
                CloudProvider.FastrServer,
            ],
            served);
    }

    [Fact]
    public void Bounds_providers_by_default_with_room_for_a_full_listing_page()
    {
        using var services = Build([]);

        var connectors = services.GetRequiredService<IOptions<ConnectorsOptions>>().Value;
        Assert.Equal(4 * 1024 * 1024, connectors.MaxResponseBytes);
        Assert.Equal(10_000, connectors.MaxBuckets);
        Assert.Equal(100, connectors.MaxPagesPerRequest);
        Assert.Equal(64, connectors.RegionLookupConcurrency);
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Binds_the_outbound_and_connectors_sections()
    {
        using var services = Build(new()
        {
            ["Outbound:AllowedHosts:0"] = "127.0.0.1:4568",
            ["Outbound:AllowedHosts:1"] = "minio.internal",
            ["Connectors:TimeoutSeconds"] = "5",
            ["Connectors:Google:ServiceUrl"] = "http://127.0.0.1:4568",
        });

        Assert.Equal(["127.0.0.1:4568", "minio.internal"], services.GetRequiredService<IOptions<OutboundOptions>>().Value.AllowedHosts);
        var connectors = services.GetRequiredService<IOptions<ConnectorsOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(5), connectors.Timeout);
        Assert.Equal("http://127.0.0.1:4568", services.GetRequiredService<IOptionsMonitor<ProviderEndpointOptions>>().Get("Google").ServiceUrl);
        Assert.IsType<DnsHostResolver>(services.GetRequiredService<IHostResolver>());
    }

    [Theory]
    [InlineData("Connectors:TimeoutSeconds", "0")]
    [InlineData("Connectors:TimeoutSeconds", "601")]
    [InlineData("Connectors:MaxResponseBytes", "0")]
    [InlineData("Connectors:MaxResponseBytes", "1024")]
    [InlineData("Connectors:MaxResponseBytes", "1073741824")]
    [InlineData("Connectors:MaxBuckets", "0")]
    [InlineData("Connectors:MaxPagesPerRequest", "0")]
    [InlineData("Connectors:RegionLookupConcurrency", "0")]
    [InlineData("Connectors:RegionLookupConcurrency", "1000")]
    [InlineData("Connectors:MaxRetries", "6")]
    [InlineData("Connectors:RetryDelayMilliseconds", "0")]
    [InlineData("Connectors:MaxRetryAfterSeconds", "61")]
    [InlineData("Connectors:AttemptTimeoutSeconds", "0")]
    [InlineData("Connectors:CircuitBreaker:FailureRatio", "0")]
    [InlineData("Connectors:CircuitBreaker:FailureRatio", "1.5")]
    [InlineData("Connectors:CircuitBreaker:MinimumThroughput", "1")]
    [InlineData("Connectors:CircuitBreaker:SamplingDurationSeconds", "0")]
    [InlineData("Connectors:CircuitBreaker:BreakDurationSeconds", "3601")]
    [InlineData("Connectors:Azure:ServiceUrl", "ftp://blob.example.com")]
    [InlineData("Connectors:Aws:ServiceUrl", "ftp://s3.example.com")]
    [InlineData("Connectors:Cloudflare:ServiceUrl", "not a url")]
    [InlineData("Outbound:AllowedHosts:0", "host:99999")]
    public void Refuses_to_start_with_invalid_settings(string key, string value)
    {
        using var services = Build(new() { [key] = value });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddStorageConnectors(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
