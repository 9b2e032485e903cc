namespace Amove.CloudAccounts.TestSupport;

/// <summary>The S3 XML answers a fake provider needs, kept as small as the AWS SDK accepts.</summary>
public static class S3Xml
{
    private const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>One &lt;Bucket&gt; entry of a ListBuckets answer.</summary>
    public static string Bucket(string name) =>
        $"<Bucket><Name>{name}</Name><CreationDate>2026-01-02T03:04:05.000Z</CreationDate></Bucket>";

    public static string BucketListOpening => $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListAllMyBucketsResult xmlns=\"{Namespace}\"><Owner><ID>1</ID></Owner><Buckets>";

    public static string BucketListClosing(string? continuationToken = null) =>
        "</Buckets>" + (continuationToken is null ? "" : $"<ContinuationToken>{continuationToken}</ContinuationToken>") + "</ListAllMyBucketsResult>";

    /// <summary>A ListBuckets page; with a continuation token, the provider claims there are more.</summary>
    public static string BucketList(IEnumerable<string> names, string? continuationToken = null) =>
        BucketListOpening + string.Concat(names.Select(Bucket)) + BucketListClosing(continuationToken);

    /// <summary>A ListObjectsV2 page of bare keys (no sizes, no dates), as compact as a key list gets.</summary>
    public static string ObjectList(string bucketName, IEnumerable<string> keys) =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"{Namespace}\"><Name>{bucketName}</Name><Prefix></Prefix>"
        + "<Delimiter>/</Delimiter><IsTruncated>false</IsTruncated>"
        + string.Concat(keys.Select(key => $"<Contents><Key>{key}</Key></Contents>"))
        + "</ListBucketResult>";

    /// <summary>A GetBucketLocation answer.</summary>
    public static string Location(string region) => $"<LocationConstraint xmlns=\"{Namespace}\">{region}</LocationConstraint>";

    /// <summary>A 200 answer carrying <paramref name="xml"/>.</summary>
    public static string Ok(string xml) => LoopbackHttpServer.HttpResponse(200, "OK", xml, "Content-Type: application/xml");
}
