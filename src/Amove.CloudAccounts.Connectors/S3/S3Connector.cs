using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors.S3;

/// <summary>
/// AWS S3, Wasabi, generic S3, Google Cloud Storage (XML API, HMAC keys) and Cloudflare R2: one protocol, with the
/// differences kept in <see cref="S3ProviderProfile"/>. Every connection goes through the <see cref="OutboundGuard"/>.
/// </summary>
public sealed class S3Connector(IOptions<ConnectorsOptions> options, OutboundGuard guard) : IStorageConnector
{
    private const int MaxConcurrentRegionLookups = 8;
    private const int MaxKeysPerPage = 1000;
    private const string Delimiter = "/";

    // Few retries: a caller is waiting, and a throttling provider is reported rather than hammered.
    private const int MaxErrorRetry = 2;

    private readonly ConnectorsOptions _settings = options.Value;
    private readonly GuardedHttpClientFactory _httpClientFactory = new(guard.SharedHandler);

    public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
        CallAsync(credentials, (client, _, token) => client.ListBucketsAsync(new ListBucketsRequest(), token), cancellationToken);

    public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(
        StorageCredentials credentials, bool includeRegion, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<StorageBucket>>(credentials, async (client, _, token) =>
        {
            var buckets = await ListAllBucketsAsync(client, token);
            var regions = includeRegion ? await LookUpRegionsAsync(client, buckets, token) : null;
            return [.. buckets.Select((bucket, i) => new StorageBucket("", bucket.BucketName, regions?[i], ToUtc(bucket.CreationDate)))];
        }, cancellationToken);

    public Task<StorageObjectPage> ListObjectsAsync(
        StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.MaxCount, MaxKeysPerPage);

        return CallAsync(
            credentials,
            (client, profile, token) => profile.ListsWithV1
                ? ListPageV1Async(client, request, token)
                : ListPageV2Async(client, request, token),
            cancellationToken);
    }

    private async Task<T> CallAsync<T>(
        StorageCredentials credentials,
        Func<IAmazonS3, S3ProviderProfile, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken)
    {
        var profile = S3ProviderProfile.All.TryGetValue(credentials.Provider, out var found)
            ? found
            : throw new ArgumentException($"{credentials.Provider} is not an S3-family provider.", nameof(credentials));

        using var client = CreateClient(credentials, profile);

        // The SDK's Timeout bounds each attempt; this bounds the whole operation, retries included.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_settings.Timeout);
        try
        {
            return await call(client, profile, deadline.Token);
        }
        catch (Exception exception) when (S3Failures.TryTranslate(
            exception, credentials.Provider, _settings.Timeout, cancellationToken, out var failure))
        {
            throw failure;
        }
    }

    private AmazonS3Client CreateClient(StorageCredentials credentials, S3ProviderProfile profile)
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
            Timeout = _settings.Timeout,
            MaxErrorRetry = MaxErrorRetry,
            HttpClientFactory = _httpClientFactory,
            // Counter-intuitive but deliberate: with false, the SDK hands 3xx responses to its own pipeline, which
            // re-issues 307s itself; with true, it treats every 3xx as an error. The guarded handler follows none.
            AllowAutoRedirect = true,
        };

        // ServiceURL and RegionEndpoint reset each other: set exactly one.
        if (ServiceUrlOf(credentials, profile) is { } serviceUrl)
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

    private static async Task<List<S3Bucket>> ListAllBucketsAsync(IAmazonS3 client, CancellationToken cancellationToken)
    {
        var buckets = new List<S3Bucket>();
        string? continuationToken = null;
        do
        {
            var page = await client.ListBucketsAsync(new ListBucketsRequest { ContinuationToken = continuationToken }, cancellationToken);
            buckets.AddRange(page.Buckets ?? []);

            // A server that echoes the token it was given would otherwise keep us here forever.
            continuationToken = page.ContinuationToken == continuationToken ? null : page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuationToken));

        return buckets;
    }

    private static async Task<string?[]> LookUpRegionsAsync(IAmazonS3 client, List<S3Bucket> buckets, CancellationToken cancellationToken)
    {
        var regions = new string?[buckets.Count];
        var parallelism = new ParallelOptions
        {
            MaxDegreeOfParallelism = MaxConcurrentRegionLookups,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(
            Enumerable.Range(0, buckets.Count),
            parallelism,
            async (i, token) => regions[i] = await RegionOfAsync(client, buckets[i].BucketName, token));
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
}
