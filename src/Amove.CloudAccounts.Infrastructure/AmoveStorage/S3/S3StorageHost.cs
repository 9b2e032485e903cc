using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.CloudAccounts;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage.S3;

/// <summary>
/// Amove storage on S3-compatible servers configured per region (development, single-tenant self-hosting). There are no
/// host-side users: every storage of a region is reached with the region's configured keys, and storages differ only by
/// their buckets. Usage is measured by listing those buckets.
/// </summary>
internal sealed class S3StorageHost(IOptions<S3HostOptions> options, StorageConnectors connectors) : IAmoveStorageHost
{
    private readonly List<S3HostRegion> _regions = options.Value.Regions;

    public Task<IReadOnlyList<HostRegion>> ListRegionsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HostRegion>>([.. _regions.Select(r => new HostRegion(r.Code!, r.Name!, Code: null))]);

    public Task<HostUser> CreateUserAsync(HostUserRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new HostUser(Name: null));

    public Task RemoveUserAsync(HostUser user, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<RegionAccess> EnableRegionAsync(HostUser user, HostRegion region, CancellationToken cancellationToken)
    {
        var configured = _regions.FirstOrDefault(r => string.Equals(r.Code, region.Key, StringComparison.OrdinalIgnoreCase))
            ?? throw AmoveException.Invalid($"Region {region.Key} is no longer configured on this server.");
        return Task.FromResult(new RegionAccess(
            new Uri(configured.ServiceUrl!), configured.AccessKey!, configured.SecretKey!, RegionReference: null, AccessKeyId: null));
    }

    // The region's keys are shared, and its buckets are the user's data: nothing is taken away on the server.
    public Task DisableRegionAsync(HostUser user, RegionAccess access, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<long> ReadUsageBytesAsync(HostUser user, IReadOnlyList<HostedBucket> buckets, CancellationToken cancellationToken)
    {
        var administration = connectors.For(CloudProvider.S3Generic).Connector as IBucketAdministration
            ?? throw new InvalidOperationException("The S3 connector does not administer buckets.");
        long bytes = 0;
        foreach (var bucket in buckets)
        {
            bytes += await administration.MeasureBucketAsync(
                new StorageCredentials(CloudProvider.S3Generic, bucket.ServiceUrl, new KeyPair(bucket.AccessKey, bucket.SecretKey)),
                bucket.BucketName,
                cancellationToken);
        }

        return bytes;
    }
}
