using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Connectors.Tests.Support;

namespace Amove.CloudAccounts.Connectors.Tests.S3;

/// <summary>
/// The real s3rver the S3 tests run against, named by AMOVE_TEST_S3_URL (access key id and secret both S3RVER).
/// Each test seeds its own uniquely named bucket, so tests share the server without seeing each other's data.
/// </summary>
public sealed class S3rverFixture : IDisposable
{
    public const string AccessKey = "S3RVER";
    private const string UrlVariable = "AMOVE_TEST_S3_URL";

    private readonly AmazonS3Client _seeder;

    public S3rverFixture()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var serviceUrl))
        {
            throw new InvalidOperationException(
                $"{UrlVariable} must name the s3rver the S3 connector tests run against, e.g. http://127.0.0.1:4568 " +
                $"(start it with: node --openssl-legacy-provider node_modules/s3rver/bin/s3rver.js -d <dir> -a 127.0.0.1 -p 4568 --silent). " +
                $"It is {(url is null ? "unset" : $"'{url}'")}.");
        }

        ServiceUrl = serviceUrl;
        _seeder = new AmazonS3Client(
            new BasicAWSCredentials(AccessKey, AccessKey),
            new AmazonS3Config
            {
                ServiceURL = serviceUrl.AbsoluteUri,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
    }

    public Uri ServiceUrl { get; }

    public StorageCredentials Credentials(CloudProvider provider = CloudProvider.S3Generic, string accessKey = AccessKey) =>
        Requests.Keys(provider, accessKey, AccessKey, ServiceUrl);

    /// <summary>A connector allowed to reach this s3rver (loopback is blocked otherwise).</summary>
    public PlatformConnectors Connector(Dictionary<string, string?>? settings = null) =>
        PlatformConnectors.Build(new DnsHostResolver(), [ServiceUrl.Authority], settings);

    /// <summary>Creates a fresh bucket holding <paramref name="keys"/>, each with a one-byte-per-character body.</summary>
    public async Task<string> CreateBucketAsync(params string[] keys)
    {
        var bucketName = $"amove-{Guid.NewGuid():N}";
        await _seeder.PutBucketAsync(new PutBucketRequest { BucketName = bucketName });
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, token) =>
            await _seeder.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = bucketName,
                    Key = key,
                    ContentBody = key,
                    // s3rver would otherwise store the aws-chunked framing as the body.
                    UseChunkEncoding = false,
                },
                token));
        return bucketName;
    }

    public void Dispose() => _seeder.Dispose();
}
