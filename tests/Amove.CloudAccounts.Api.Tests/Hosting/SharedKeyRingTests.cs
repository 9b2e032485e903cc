using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>
/// A fleet's one key ring in a shared directory, encrypted at rest with the configured certificate: an instance with the
/// directory and the certificate reads what another stored; the directory alone reveals no key.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SharedKeyRingTests(CloudAccountsApiFactory api) : IDisposable
{
    private const string CertificatePassword = "key-ring-test";

    private readonly TestTenant _tenant = new();
    private readonly string _keys = Directory.CreateTempSubdirectory("amove-shared-keys-").FullName;
    private readonly string _certificate = Path.Combine(Path.GetTempPath(), $"amove-key-ring-{Guid.NewGuid():N}.pfx");

    [Fact]
    public async Task Instances_sharing_the_directory_and_the_certificate_read_each_others_credentials_and_the_keys_are_encrypted_at_rest()
    {
        WriteCertificate();
        using var first = Instance();
        using var second = Instance();
        var bucket = await api.S3.CreateBucketAsync("keyring");
        using var throughFirst = first.CreateClientFor(_tenant.Owner);
        var inserted = await (await throughFirst.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Shared key ring",
            accessKey = TestEnvironment.S3AccessKey,
            secretKey = TestEnvironment.S3SecretKey,
            serviceUrl = api.S3.Url,
        })).ShouldBeOkJsonObjectAsync();

        using var throughSecond = second.CreateClientFor(_tenant.Owner);
        var buckets = await (await throughSecond.PostJsonAsync(CloudAccountApi.ListBuckets, new { cloudAccountId = inserted["id"] })).ShouldBeOkJsonObjectAsync();

        Assert.Contains(buckets["data"]!.AsArray(), b => (string?)b!["name"] == bucket);
        var keyFiles = Directory.GetFiles(_keys, "key-*.xml");
        Assert.Single(keyFiles);
        var keyXml = await File.ReadAllTextAsync(keyFiles[0]);
        Assert.Contains("encryptedSecret", keyXml);
        Assert.DoesNotContain("<value>", keyXml);
    }

    public void Dispose()
    {
        Directory.Delete(_keys, recursive: true);
        File.Delete(_certificate);
    }

    private WebApplicationFactory<Program> Instance() =>
        api.WithWebHostBuilder(builder => builder
            .UseSetting("DataProtection:KeysDirectory", _keys)
            .UseSetting("DataProtection:CertificatePath", _certificate)
            .UseSetting("DataProtection:CertificatePassword", CertificatePassword));

    private void WriteCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Amove key ring (test)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(_certificate, certificate.Export(X509ContentType.Pfx, CertificatePassword));
    }
}
