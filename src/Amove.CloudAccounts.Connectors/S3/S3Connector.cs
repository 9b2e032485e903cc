using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.S3;

/// <summary>
/// AWS S3, Wasabi, generic S3, Google Cloud Storage (XML API, HMAC keys) and Cloudflare R2: one protocol, with the
/// differences kept in <see cref="S3ProviderProfile"/>. Every connection goes through the <see cref="OutboundGuard"/>,
/// whose handler also caps every response body at <see cref="ConnectorsOptions.MaxResponseBytes"/>.
/// </summary>
public sealed class S3Connector(
    IOptions<ConnectorsOptions> options,
    OutboundGuard guard,
    BucketRegionCache? regionCache = null,
    TimeProvider? clock = null) : IStorageConnector
{
    private const int MaxKeysPerPage = 1000;
    private const string Delimiter = "/";

    // Few retries: a caller is waiting, and a throttling provider is reported rather than hammered.
    private const int MaxErrorRetry = 2;

    private readonly ConnectorsOptions _settings = options.Value;
    private readonly GuardedHttpClientFactory _httpClientFactory = new(guard.SharedHandler);
    private readonly BucketRegionCache _regionCache = regionCache ?? new BucketRegionCache();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
        CallAsync(credentials, (call, token) => call.Client.ListBucketsAsync(new ListBucketsRequest(), token), cancellationToken);

    public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, bool includeRegion, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<StorageBucket>>(credentials, async (call, token) =>
        {
            var buckets = await ListAllBucketsAsync(call, token);
            var regions = includeRegion ? await LookUpRegionsAsync(call, buckets, token) : null;
            return [.. buckets.Select((bucket, i) => new StorageBucket("", bucket.BucketName, regions?[i], ToUtc(bucket.CreationDate)))];
        }, cancellationToken);

    public Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.MaxCount, MaxKeysPerPage);

        return CallAsync(
            credentials,
            (call, token) => call.Profile.ListsWithV1
                ? ListPageV1Async(call.Client, request, token)
                : ListPageV2Async(call.Client, request, token),
            cancellationToken);
    }

    private async Task<T> CallAsync<T>(
        StorageCredentials credentials,
        Func<S3Call, CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken)
    {
        var profile = S3ProviderProfile.All.TryGetValue(credentials.Provider, out var found)
            ? found
            : throw new ArgumentException($"{credentials.Provider} is not an S3-family provider.", nameof(credentials));

        var serviceUrl = ServiceUrlOf(credentials, profile);
        using var client = CreateClient(credentials, profile, serviceUrl);

        // Bounds the whole operation, retries, pages and region lookups included (the SDK's own timeout is per attempt
        // and runs on the wall clock, so it is not used).
        using var timeout = new CancellationTokenSource(_settings.Timeout, _clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await operation(new S3Call(client, profile, credentials.Provider, serviceUrl?.AbsoluteUri ?? "default"), deadline.Token);
        }
        catch (Exception exception) when (S3Failures.TryTranslate(
            exception, credentials, _settings.Timeout, cancellationToken, out var failure))
        {
            throw failure;
        }
    }

    private AmazonS3Client CreateClient(StorageCredentials credentials, S3ProviderProfile profile, Uri? serviceUrl)
    {
        if (string.IsNullOrEmpty(credentials.AccessKey) || string.IsNullOrEmpty(credentials.SecretKey))
        {
            throw new StorageProviderException(
                ProviderFailure.InvalidRequest, $"{credentials.Provider} needs an access key and a secret key.");
        }

        var config = new AmazonS3Config
        {
            ForcePathStyle = profile.ForcePathStyle,
            // The v4 defaults (CRC checksums on every request) are rejected by many S3-compatible servers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = MaxErrorRetry,
            HttpClientFactory = _httpClientFactory,
            // Counter-intuitive but deliberate: with false, the SDK hands 3xx responses to its own pipeline, which
            // re-issues 307s itself; with true, it treats every 3xx as an error. The guarded handler follows none.
            AllowAutoRedirect = true,
        };

        // ServiceURL and RegionEndpoint reset each other: set exactly one.
        if (serviceUrl is not null)
        {
            config.ServiceURL = serviceUrl.AbsoluteUri;
            config.AuthenticationRegion = profile.AuthenticationRegion;
        }
        else
        {
            config.RegionEndpoint = profile.DefaultRegion
                ?? throw new StorageProviderException(ProviderFailure.InvalidRequest, $"{credentials.Provider} needs a service URL.");
        }

        return new AmazonS3Client(new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey), config);
    }

    /// <summary>The account's own service URL wins over the configured one, which wins over the provider's default.</summary>
    private Uri? ServiceUrlOf(StorageCredentials credentials, S3ProviderProfile profile)
    {
        if (!string.IsNullOrEmpty(credentials.ServiceUrl))
        {
            return ServiceUrls.TryParse(credentials.ServiceUrl, out var accountUrl)
                ? accountUrl
                : throw new StorageProviderException(
                    ProviderFailure.InvalidRequest, $"The service URL '{credentials.ServiceUrl}' is not an absolute http or https URL.");
        }

        var configured = _settings.EndpointOf(credentials.Provider)?.ServiceUrl;
        var url = string.IsNullOrEmpty(configured) ? profile.DefaultServiceUrl : configured;
        return url is null ? null : new Uri(url);
    }

    /// <summary>
    /// Follows the provider's pages, at most <see cref="ConnectorsOptions.MaxPagesPerRequest"/> of them and
    /// <see cref="ConnectorsOptions.MaxBuckets"/> buckets in all: a provider that keeps handing out new continuation
    /// tokens, full pages or empty ones, is stopped there.
    /// </summary>
    private async Task<List<S3Bucket>> ListAllBucketsAsync(S3Call call, CancellationToken cancellationToken)
    {
        var buckets = new List<S3Bucket>();
        string? continuationToken = null;
        for (var pages = 1; ; pages++)
        {
            var page = await call.Client.ListBucketsAsync(new ListBucketsRequest { ContinuationToken = continuationToken }, cancellationToken);
            buckets.AddRange(page.Buckets ?? []);
            if (buckets.Count > _settings.MaxBuckets)
            {
                throw BoundedStorageConnector.TooManyBuckets(call.Provider, _settings.MaxBuckets);
            }

            // A server that echoes the token it was given would otherwise keep us here until the page limit.
            var next = page.ContinuationToken == continuationToken ? null : page.ContinuationToken;
            if (string.IsNullOrEmpty(next))
            {
                return buckets;
            }

            if (pages >= _settings.MaxPagesPerRequest)
            {
                throw new StorageProviderException(
                    ProviderFailure.Oversized,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{call.Provider} answered with more than {_settings.MaxPagesPerRequest} pages of buckets, more than this service follows."));
            }

            continuationToken = next;
        }
    }

    /// <summary>
    /// Looks up the regions not already cached, <see cref="ConnectorsOptions.RegionLookupConcurrency"/> at a time: one
    /// call per bucket, so at most <see cref="ConnectorsOptions.MaxBuckets"/> of them.
    /// </summary>
    private async Task<string?[]> LookUpRegionsAsync(S3Call call, List<S3Bucket> buckets, CancellationToken cancellationToken)
    {
        var regions = new string?[buckets.Count];
        var unknown = new List<int>();
        for (var i = 0; i < buckets.Count; i++)
        {
            if (!_regionCache.TryGet(call.Provider, call.Endpoint, buckets[i].BucketName, out regions[i]))
            {
                unknown.Add(i);
            }
        }

        var parallelism = new ParallelOptions
        {
            MaxDegreeOfParallelism = _settings.RegionLookupConcurrency,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(unknown, parallelism, async (i, token) =>
        {
            var bucketName = buckets[i].BucketName;
            regions[i] = await RegionOfAsync(call.Client, bucketName, token);
            if (regions[i] is { } region)
            {
                _regionCache.Set(call.Provider, call.Endpoint, bucketName, region);
            }
        });
        return regions;
    }

    private static async Task<string?> RegionOfAsync(IAmazonS3 client, string bucketName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucketName }, cancellationToken);

            // GetBucketLocation predates region names: us-east-1 is reported as no location, eu-west-1 as "EU".
            return response.Location?.Value switch
            {
                null or "" => "us-east-1",
                "EU" => "eu-west-1",
                var region => region,
            };
        }
        catch (AmazonServiceException exception) when (S3Failures.IsRegionUnavailable(exception))
        {
            return null;
        }
    }

    private static async Task<StorageObjectPage> ListPageV2Async(
        IAmazonS3 client, ObjectListRequest request, CancellationToken cancellationToken)
    {
        var response = await client.ListObjectsV2Async(
            new ListObjectsV2Request
            {
                BucketName = request.BucketName,
                Prefix = request.Prefix,
                Delimiter = Delimiter,
                MaxKeys = request.MaxCount,
                ContinuationToken = request.ProviderCursor,
            },
            cancellationToken);

        var nextCursor = response.IsTruncated == true ? response.NextContinuationToken : null;
        return ToPage(request.Prefix, response.CommonPrefixes, response.S3Objects, nextCursor);
    }

    private static async Task<StorageObjectPage> ListPageV1Async(
        IAmazonS3 client, ObjectListRequest request, CancellationToken cancellationToken)
    {
        var response = await client.ListObjectsAsync(
            new ListObjectsRequest
            {
                BucketName = request.BucketName,
                Prefix = request.Prefix,
                Delimiter = Delimiter,
                MaxKeys = request.MaxCount,
                Marker = request.ProviderCursor,
            },
            cancellationToken);

        var nextCursor = response.IsTruncated == true ? NextMarkerOf(response) : null;
        return ToPage(request.Prefix, response.CommonPrefixes, response.S3Objects, nextCursor);
    }

    // The next page starts after the page's last entry. NextMarker is optional in V1, and when it is missing the SDK
    // fills in the last key, even if a common prefix sorts after it: take whichever of them sorts last.
    private static string? NextMarkerOf(ListObjectsResponse response) =>
        new[] { response.NextMarker, response.S3Objects?.LastOrDefault()?.Key, response.CommonPrefixes?.LastOrDefault() }
            .Where(marker => !string.IsNullOrEmpty(marker))
            .Max(StringComparer.Ordinal);

    private static StorageObjectPage ToPage(string prefix, List<string>? commonPrefixes, List<S3Object>? objects, string? nextCursor)
    {
        var directories = (commonPrefixes ?? []).Select(path => new StorageObject(
            Id: "", Name: LastSegment(path.EndsWith('/') ? path[..^1] : path), Path: path, Size: 0, LastModifiedUtc: null,
            Type: StorageObjectType.Directory));

        // The object named exactly like the prefix is the folder's own marker, not a file in it.
        var files = (objects ?? []).Where(entry => entry.Key != prefix).Select(entry => new StorageObject(
            Id: "", Name: LastSegment(entry.Key), Path: entry.Key, Size: entry.Size ?? 0, LastModifiedUtc: ToUtc(entry.LastModified),
            Type: StorageObjectType.File));

        return new StorageObjectPage([.. directories, .. files], nextCursor);
    }

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static DateTimeOffset? ToUtc(DateTime? value) => value is { } time ? new DateTimeOffset(time.ToUniversalTime()) : null;

    /// <param name="Endpoint">The service URL the client talks to, or "default" for the provider's regional endpoint.</param>
    private sealed record S3Call(IAmazonS3 Client, S3ProviderProfile Profile, CloudProvider Provider, string Endpoint);
}
