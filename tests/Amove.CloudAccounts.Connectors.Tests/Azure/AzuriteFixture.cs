using System.Text;
using Amove.CloudAccounts.Connectors.Abstractions;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace Amove.CloudAccounts.Connectors.Tests.Azure;

/// <summary>
/// The real Azurite (Blob service) the Azure tests run against, named by AMOVE_TEST_AZURITE_URL
/// (e.g. http://127.0.0.1:10000/devstoreaccount1). Each test seeds its own uniquely named container, so tests share the
/// server without seeing each other's data. Seeding goes straight to Azurite with the SDK, not through the connector.
/// </summary>
public sealed class AzuriteFixture
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (the well-known emulator key documented by Microsoft), not a secret.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string UrlVariable = "AMOVE_TEST_AZURITE_URL";

    private readonly BlobServiceClient _seeder;

    public AzuriteFixture()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var serviceUrl))
        {
            throw new InvalidOperationException(
                $"{UrlVariable} must name the Azurite Blob service the Azure tests run against, e.g. http://127.0.0.1:10000/{AccountName} " +
                "(scripts/test.sh starts it; by hand: azurite-blob --blobHost 127.0.0.1 --blobPort 10000 -l <dir> --skipApiVersionCheck). " +
                $"It is {(url is null ? "unset" : $"'{url}'")}.");
        }

        Url = serviceUrl;
        _seeder = new BlobServiceClient(serviceUrl, new StorageSharedKeyCredential(AccountName, AccountKey));
    }

    /// <summary>The blob service endpoint, account name included: what an account's <c>serviceUrl</c> holds.</summary>
    public Uri Url { get; }

    /// <summary>Azurite's host and port, for <c>Outbound:AllowedHosts</c> (loopback is refused otherwise).</summary>
    public string HostAndPort => Url.Authority;

    /// <summary>The credentials of an account at this Azurite; other keys or account names for failure tests.</summary>
    public StorageCredentials Credentials(string accountName = AccountName, string accountKey = AccountKey) =>
        new(CloudProvider.Azure, Url, new KeyPair(accountName, accountKey));

    /// <summary>
    /// Creates an empty container named <paramref name="prefix"/> plus a unique suffix (Azure container names are 3 to 63
    /// lowercase letters, digits and hyphens, so the prefix is too, at most 29 characters of it) and returns its name.
    /// </summary>
    public async Task<string> CreateContainerAsync(string prefix = "amove")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        await _seeder.CreateBlobContainerAsync(name);
        return name;
    }

    /// <summary>
    /// Uploads one blob (overwriting) with <paramref name="content"/> as its UTF-8 body. A name ending in '/' makes a folder
    /// marker, as other tools create them.
    /// </summary>
    public async Task PutAsync(string containerName, string blobName, string content)
    {
        var container = _seeder.GetBlobContainerClient(containerName);

        // GetBlobClient drops a trailing '/' from the name; a blob URL given whole is kept as it is.
        var blob = blobName.EndsWith('/')
            ? new BlobClient(
                new Uri($"{container.Uri.AbsoluteUri}/{string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString))}"),
                new StorageSharedKeyCredential(AccountName, AccountKey))
            : container.GetBlobClient(blobName);
        await blob.UploadAsync(BinaryData.FromString(content), overwrite: true);
    }

    /// <summary>Uploads <paramref name="blobNames"/>, each with its own name as its UTF-8 body (so its size is its name's byte count).</summary>
    public async Task PutManyAsync(string containerName, params IEnumerable<string> blobNames) =>
        await Parallel.ForEachAsync(blobNames, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (blobName, _) =>
            await PutAsync(containerName, blobName, blobName));

    /// <summary>A fresh container holding <paramref name="blobNames"/> (see <see cref="PutManyAsync"/>).</summary>
    public async Task<string> CreateContainerWithAsync(params IEnumerable<string> blobNames)
    {
        var name = await CreateContainerAsync();
        await PutManyAsync(name, blobNames);
        return name;
    }

    /// <summary>The size <see cref="PutManyAsync"/> gives a blob.</summary>
    public static long SizeOf(string blobName) => Encoding.UTF8.GetByteCount(blobName);
}
