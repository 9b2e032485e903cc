using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.Tests.Support;

/// <summary>
/// Every connector as the service builds it (<c>AddStorageConnectors</c>: named HTTP clients over the outbound guard,
/// the response cap, retries, and the platform's deadline, translation and bounds), with the test's settings, DNS and
/// clock. Each call goes to the connector registered for the credentials' provider.
/// </summary>
public sealed class PlatformConnectors(ServiceProvider services) : IStorageConnector
{
    public static PlatformConnectors Build(
        IHostResolver? resolver = null,
        IEnumerable<string>? allowedHosts = null,
        Dictionary<string, string?>? settings = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = new Dictionary<string, string?>(settings ?? []);
        foreach (var (host, index) in (allowedHosts ?? []).Select((host, index) => (host, index)))
        {
            configuration[$"Outbound:AllowedHosts:{index}"] = host;
        }

        var services = new ServiceCollection();
        services.AddSingleton(resolver ?? FakeHostResolver.NeverCalled());
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddStorageConnectors(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return new PlatformConnectors(provider);
    }

    /// <summary>One guard, as the service has it (for tests of the guard's own HTTP client).</summary>
    public static OutboundGuard Guard(IHostResolver resolver, params string[] allowedHosts) =>
        new(Options.Create(new OutboundOptions { AllowedHosts = [.. allowedHosts] }), resolver);

    public IServiceProvider Services => services;

    public IStorageConnector For(CloudProvider provider) => services.GetRequiredKeyedService<IStorageConnector>(provider);

    public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
        For(credentials.Provider).ValidateCredentialsAsync(credentials, cancellationToken);

    public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
        For(credentials.Provider).ListBucketsAsync(credentials, request, cancellationToken);

    public Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
        For(credentials.Provider).ListObjectsAsync(credentials, request, cancellationToken);
}

/// <summary>Shorthands for the requests and credentials the connector tests send.</summary>
public static class Requests
{
    public static readonly BucketListRequest Buckets = new();

    public static readonly BucketListRequest BucketsWithRegions = new(WithRegions: true);

    public static ObjectListRequest Folder(string bucketName, string folderPath, int maxCount = 1000, string? cursor = null) =>
        new(new ListingTarget.InBucket(bucketName, folderPath), maxCount, cursor);

    public static StorageCredentials Keys(CloudProvider provider, string accessKey, string secretKey, Uri? serviceUrl) =>
        new(provider, serviceUrl, new KeyPair(accessKey, secretKey));
}
