using Azure.Storage;
using Azure.Storage.Blobs;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>Seeds containers and blobs in the local Azurite directly, bypassing the API.</summary>
public sealed class AzuriteTestServer
{
    private readonly Lazy<BlobServiceClient> _client = new(() => new BlobServiceClient(
        TestEnvironment.AzuriteUrl, new StorageSharedKeyCredential(TestEnvironment.AzuriteAccountName, TestEnvironment.AzuriteAccountKey)));

    /// <summary>What an Azure account's <c>serviceUrl</c> holds to reach this Azurite.</summary>
    public static string Url => TestEnvironment.AzuriteUrl.ToString().TrimEnd('/');

    /// <summary>A valid Azure account on the local Azurite, with another key or name for failure tests.</summary>
    public static object Account(
        string name = "My Azure",
        string accountName = TestEnvironment.AzuriteAccountName,
        string accountKey = TestEnvironment.AzuriteAccountKey,
        string? serviceUrl = "") => new
        {
            cloudType = 4,
            name,
            accessKey = accountName,
            secretKey = accountKey,
            serviceUrl = serviceUrl == "" ? Url : serviceUrl,
        };

    /// <summary>A new container with a unique, valid name (3 to 63 lowercase letters, digits and hyphens).</summary>
    public async Task<string> CreateContainerAsync(string prefix = "container")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        await _client.Value.CreateBlobContainerAsync(name);
        return name;
    }

    public async Task PutAsync(string container, string blobName, string content = "x") =>
        await _client.Value.GetBlobContainerClient(container).GetBlobClient(blobName).UploadAsync(BinaryData.FromString(content), overwrite: true);

    public async Task PutManyAsync(string container, IEnumerable<string> blobNames) =>
        await Parallel.ForEachAsync(blobNames, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (blobName, _) => await PutAsync(container, blobName));
}
