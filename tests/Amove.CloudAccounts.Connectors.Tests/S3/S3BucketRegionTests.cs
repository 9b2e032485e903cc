using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.S3;
using Amove.CloudAccounts.Connectors.Tests.Support;
using Amove.CloudAccounts.TestSupport;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Amove.CloudAccounts.Connectors.Tests.S3;

/// <summary>includeRegion: a lookup per bucket, many at once, each region remembered once found.</summary>
public sealed class S3BucketRegionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string[] BucketNames(int count) => [.. Enumerable.Range(0, count).Select(i => $"bucket-{i:D2}")];

    /// <summary>Lists <paramref name="buckets"/> and answers each region lookup with <paramref name="location"/>(bucket).</summary>
    private static LoopbackHttpServer Provider(string[] buckets, Func<string, Task<string>> location, Action? onLookup = null) =>
        LoopbackHttpServer.StreamingAsync(async request =>
        {
            var path = request.RequestLine.Split(' ')[1];
            if (!path.EndsWith("/?location", StringComparison.Ordinal))
            {
                return StreamedResponse.Of(S3Xml.Ok(S3Xml.BucketList(buckets)));
            }

            onLookup?.Invoke();
            return StreamedResponse.Of(await location(path.Split('/')[1]));
        });

    private static PlatformConnectors Connector(BucketRegionCache cache, ConnectorsOptions options, params LoopbackHttpServer[] servers) =>
        PlatformConnectors.Build(
            allowedHosts: servers.Select(s => s.HostAndPort),
            settings: new()
            {
                ["Connectors:RegionLookupConcurrency"] = options.RegionLookupConcurrency.ToString(CultureInfo.InvariantCulture),
            },
            configure: services => services.Replace(ServiceDescriptor.Singleton(cache)));

    private static StorageCredentials Credentials(LoopbackHttpServer server) =>
        Requests.Keys(CloudProvider.S3Generic, "AKIDEXAMPLE", "secret", server.Url);

    [Fact]
    public async Task Looks_up_each_buckets_region_once_and_answers_the_next_listing_from_the_cache()
    {
        var lookups = 0;
        string[] names = BucketNames(50);
        await using var server = Provider(names, _ => Task.FromResult(S3Xml.Ok(S3Xml.Location("EU"))), () => Interlocked.Increment(ref lookups));
        using var cache = new BucketRegionCache();
        var connector = Connector(cache, new ConnectorsOptions(), server);

        var first = await connector.ListBucketsAsync(Credentials(server), Requests.BucketsWithRegions, None);
        var lookupsForFirst = lookups;
        var second = await connector.ListBucketsAsync(Credentials(server), Requests.BucketsWithRegions, None);

        Assert.Equal(50, lookupsForFirst);
        Assert.Equal(50, lookups);
        Assert.Equal(names, second.Select(bucket => bucket.Name));
        Assert.All([.. first, .. second], bucket => Assert.Equal("eu-west-1", bucket.Region));
    }

    [Fact]
    public async Task Looks_up_a_region_it_could_not_see_again_next_time()
    {
        var lookups = 0;
        await using var server = Provider(
            ["hidden"],
            _ => Task.FromResult(LoopbackHttpServer.S3ErrorResponse(403, "Forbidden", "AccessDenied", "Access Denied")),
            () => Interlocked.Increment(ref lookups));
        using var cache = new BucketRegionCache();
        var connector = Connector(cache, new ConnectorsOptions(), server);

        var first = await connector.ListBucketsAsync(Credentials(server), Requests.BucketsWithRegions, None);
        var second = await connector.ListBucketsAsync(Credentials(server), Requests.BucketsWithRegions, None);

        Assert.Null(Assert.Single(first).Region);
        Assert.Null(Assert.Single(second).Region);
        Assert.Equal(2, lookups);
    }

    [Fact]
    public async Task Keeps_the_regions_of_the_same_bucket_name_at_two_endpoints_apart()
    {
        await using var europe = Provider(["shared-name"], _ => Task.FromResult(S3Xml.Ok(S3Xml.Location("EU"))));
        await using var asia = Provider(["shared-name"], _ => Task.FromResult(S3Xml.Ok(S3Xml.Location("ap-south-1"))));
        using var cache = new BucketRegionCache();
        var connector = Connector(cache, new ConnectorsOptions(), europe, asia);

        var inEurope = await connector.ListBucketsAsync(Credentials(europe), Requests.BucketsWithRegions, None);
        var inAsia = await connector.ListBucketsAsync(Credentials(asia), Requests.BucketsWithRegions, None);

        Assert.Equal("eu-west-1", Assert.Single(inEurope).Region);
        Assert.Equal("ap-south-1", Assert.Single(inAsia).Region);
    }

    // Each lookup is held until RegionLookupConcurrency of them are in flight at once: the listing only completes if
    // the connector really asks that many at a time (with fewer it would hang until the operation's timeout).
    [Fact]
    public async Task Looks_up_RegionLookupConcurrency_regions_at_a_time()
    {
        var options = new ConnectorsOptions { RegionLookupConcurrency = 32, TimeoutSeconds = 30 };
        var arrived = 0;
        var allInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Provider(BucketNames(50), async _ =>
        {
            if (Interlocked.Increment(ref arrived) == options.RegionLookupConcurrency)
            {
                allInFlight.SetResult();
            }

            await allInFlight.Task;
            return S3Xml.Ok(S3Xml.Location("us-west-2"));
        });
        using var cache = new BucketRegionCache();

        var buckets = await Connector(cache, options, server).ListBucketsAsync(Credentials(server), Requests.BucketsWithRegions, None);

        Assert.Equal(50, arrived);
        Assert.All(buckets, bucket => Assert.Equal("us-west-2", bucket.Region));
    }

    [Fact]
    public async Task Makes_no_lookup_without_includeRegion()
    {
        var lookups = 0;
        await using var server = Provider(BucketNames(3), _ => Task.FromResult(S3Xml.Ok(S3Xml.Location("EU"))), () => Interlocked.Increment(ref lookups));
        using var cache = new BucketRegionCache();

        var buckets = await Connector(cache, new ConnectorsOptions(), server).ListBucketsAsync(Credentials(server), Requests.Buckets, None);

        Assert.Equal(3, buckets.Count);
        Assert.All(buckets, bucket => Assert.Null(bucket.Region));
        Assert.Equal(0, lookups);
    }
}
