using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>Seeds buckets and objects in the local s3rver directly, bypassing the API.</summary>
public sealed class S3TestServer : IDisposable
{
    private readonly Lazy<AmazonS3Client> _client = new(() => new AmazonS3Client(
        new BasicAWSCredentials(TestEnvironment.S3AccessKey, TestEnvironment.S3SecretKey),
        new AmazonS3Config
        {
            ServiceURL = TestEnvironment.S3Url.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        }));

    public string Url => TestEnvironment.S3Url.ToString().TrimEnd('/');

    /// <summary>A new bucket with a unique, valid name.</summary>
    public async Task<string> CreateBucketAsync(string prefix = "bucket")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        await _client.Value.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    public async Task PutAsync(string bucket, string key, string content = "x")
    {
        await _client.Value.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            ContentBody = content,
            // s3rver would store aws-chunked framing as the object's bytes.
            UseChunkEncoding = false,
        });
    }

    public async Task PutManyAsync(string bucket, IEnumerable<string> keys, int parallelism = 16) =>
        await Parallel.ForEachAsync(
            keys,
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (key, _) => await PutAsync(bucket, key));

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
