using Microsoft.Extensions.Caching.Memory;

namespace Amove.CloudAccounts.Connectors.S3;

/// <summary>
/// Remembers the regions of buckets already looked up, so <c>includeRegion</c> costs a lookup per bucket once rather
/// than on every listing. A bucket's region never changes while it exists (and a deleted bucket's name can only be
/// taken again after a while), so an entry lives an hour. Keyed by provider, endpoint and bucket name: the only
/// buckets whose regions are looked up are those the endpoint itself listed to the caller, and the region it reports
/// is the same for everyone who asks it (on AWS anyone can read it). Only found regions are kept: "not visible to
/// these credentials" may not hold for the next caller.
/// </summary>
public sealed class BucketRegionCache : IDisposable
{
    // ~200 bytes an entry: a few megabytes at most.
    private const int MaxEntries = 20_000;
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly MemoryCache _regions = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public bool TryGet(CloudProvider provider, string endpoint, string bucketName, out string? region) =>
        _regions.TryGetValue((provider, endpoint, bucketName), out region);

    public void Set(CloudProvider provider, string endpoint, string bucketName, string region) =>
        _regions.Set((provider, endpoint, bucketName), region, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = Lifetime,
        });

    public void Dispose() => _regions.Dispose();
}
