using System.Net;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.S3;

public sealed class S3StorageHostTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("amove-s3host-").FullName;

    [Fact]
    public void In_Production_the_service_refuses_to_start_with_shared_keys_unless_allowed_and_says_why()
    {
        using var host = Host("Production", allowSharedCredentials: null);

        var failure = Assert.Throws<OptionsValidationException>(() => host.Server);

        Assert.Contains("every user of a region shares", failure.Message);
        Assert.Contains("AmoveStorage:S3:AllowSharedCredentials", failure.Message);
    }

    [Fact]
    public async Task In_Production_the_service_starts_when_shared_keys_are_allowed_explicitly()
    {
        using var host = Host("Production", allowSharedCredentials: "true");
        using var client = host.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string, string, string> UnusableRegions => new()
    {
        { "ServiceUrl", "ftp://storage.example", "AmoveStorage:S3:Regions:0:ServiceUrl must be an absolute http or https URL" },
        { "ServiceUrl", "https://user:pass@storage.example", "without credentials in it" },
        { "SecretKey", "", "AmoveStorage:S3:Regions:0:AccessKey and AmoveStorage:S3:Regions:0:SecretKey are required." },
        { "Code", "far-too-long-region-code", "AmoveStorage:S3:Regions:0:Code is required: up to 16 letters" },
        { "Name", "", "AmoveStorage:S3:Regions:0:Name is required" },
    };

    [Theory]
    [MemberData(nameof(UnusableRegions))]
    public void The_service_refuses_to_start_with_an_unusable_region_and_names_the_setting(string field, string value, string message)
    {
        using var host = Host("Development", allowSharedCredentials: null, new() { [field] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => host.Server);

        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public void The_service_refuses_to_start_when_the_default_region_is_not_configured()
    {
        using var host = Host("Development", allowSharedCredentials: null, new() { ["Code"] = "LOCAL" });

        var failure = Assert.Throws<OptionsValidationException>(() => host.Server);

        Assert.Contains("AmoveStorage:DefaultRegion 'OR' is not one of the AmoveStorage:S3:Regions codes (LOCAL)", failure.Message);
    }

    [Fact]
    public async Task On_the_embedded_database_storage_is_provisioned_listed_refused_twice_and_deleted()
    {
        using var host = Host("Development", allowSharedCredentials: null);
        using var owner = host.CreateClientFor(new TestTenant().Owner);

        var created = await (await owner.AddStorageAsync("OR", storageTier: 1)).ShouldBeOkJsonObjectAsync();
        var again = await owner.AddStorageAsync("or", storageTier: 1);
        var listed = await owner.GetAmoveStorageAsync();
        var deleted = await owner.DeleteAsync(AmoveStorageApi.DeleteStorage(created.Id()));

        Assert.True((bool)created["internalStorage"]!);
        await again.ShouldBeAmoveErrorAsync("Global", "You already have Amove storage in region OR and tier Perform.");
        Assert.Single(listed);
        Assert.Equal("true", (await deleted.ShouldBeOkJsonAsync()).ToJsonString());
        Assert.Empty(await owner.GetAmoveStorageAsync());
    }

    [Fact]
    public async Task Usage_is_the_sum_of_the_sizes_of_the_objects_in_the_storages_buckets()
    {
        using var host = Host("Development", allowSharedCredentials: null);
        using var s3 = new S3TestServer();
        var first = await s3.CreateBucketAsync("usage");
        var second = await s3.CreateBucketAsync("usage");
        await s3.PutAsync(first, "a.txt", new string('a', 1000));
        await s3.PutAsync(first, "folder/b.txt", new string('b', 234));
        await s3.PutAsync(second, "c.txt", new string('c', 66));
        var storageHost = host.Services.GetRequiredService<IAmoveStorageHost>();
        HostedBucket Bucket(string name) => new(TestEnvironment.S3Url, TestEnvironment.S3AccessKey, TestEnvironment.S3SecretKey, name);

        var bytes = await storageHost.ReadUsageBytesAsync(new HostUser(null), [Bucket(first), Bucket(second)], CancellationToken.None);

        Assert.Equal(1300, bytes);
    }

    [Fact]
    public async Task Usage_follows_every_page_of_a_bucket_listing()
    {
        await using var provider = ObjectPages(pageCount: 3);
        using var host = Host("Development", allowSharedCredentials: null, new() { ["ServiceUrl"] = provider.Url.AbsoluteUri });

        var bytes = await host.Services.GetRequiredService<IAmoveStorageHost>()
            .ReadUsageBytesAsync(new HostUser(null), [BucketAt(provider)], CancellationToken.None);

        Assert.Equal(3 * 100, bytes);
        Assert.Equal(3, provider.Requests);
    }

    [Fact]
    public async Task Usage_of_a_bucket_listing_longer_than_MaxPagesPerRequest_is_refused_after_that_many_pages()
    {
        await using var provider = ObjectPages(pageCount: int.MaxValue);
        using var host = Host(
            "Development",
            allowSharedCredentials: null,
            new() { ["ServiceUrl"] = provider.Url.AbsoluteUri },
            new() { ["Connectors:MaxPagesPerRequest"] = "4" });

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => host.Services.GetRequiredService<IAmoveStorageHost>()
            .ReadUsageBytesAsync(new HostUser(null), [BucketAt(provider)], CancellationToken.None));

        Assert.Equal(ProviderFailure.Oversized, failure.Failure);
        Assert.Contains("more than 4 pages of objects", failure.Message);
        Assert.Equal(4, provider.Requests);
    }

    /// <summary>A bucket of <paramref name="pageCount"/> listing pages, each one object of 100 bytes.</summary>
    private static LoopbackHttpServer ObjectPages(int pageCount)
    {
        var served = 0;
        return LoopbackHttpServer.Answering(_ =>
        {
            var page = Interlocked.Increment(ref served);
            var truncated = page < pageCount;
            return S3Xml.Ok(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + $"<Name>usage</Name><Prefix></Prefix><IsTruncated>{(truncated ? "true" : "false")}</IsTruncated>"
                + $"<Contents><Key>object-{page}</Key><Size>100</Size></Contents>"
                + (truncated ? $"<NextContinuationToken>page-{page + 1}</NextContinuationToken>" : "")
                + "</ListBucketResult>");
        });
    }

    private static HostedBucket BucketAt(LoopbackHttpServer provider) =>
        new(provider.Url, TestEnvironment.S3AccessKey, TestEnvironment.S3SecretKey, "usage");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <param name="regionOverrides">Fields of the one region (Code, Name, ServiceUrl, AccessKey, SecretKey) to replace.</param>
    private WebApplicationFactory<Program> Host(
        string environment,
        string? allowSharedCredentials,
        Dictionary<string, string>? regionOverrides = null,
        Dictionary<string, string>? settings = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            var region = new Dictionary<string, string>
            {
                ["Code"] = "OR",
                ["Name"] = "Oregon",
                ["ServiceUrl"] = TestEnvironment.S3Url.AbsoluteUri,
                ["AccessKey"] = TestEnvironment.S3AccessKey,
                ["SecretKey"] = TestEnvironment.S3SecretKey,
            };
            foreach (var (field, value) in regionOverrides ?? [])
            {
                region[field] = value;
            }

            builder
                .UseEnvironment(environment)
                .UseSetting("Database:Provider", "Sqlite")
                .UseSetting("ConnectionStrings:CloudAccounts", $"Data Source={Path.Combine(_directory, "cloudaccounts.db")}")
                .UseSetting("DataProtection:KeysDirectory", _directory)
                .UseSetting("Authentication:Schemes:Bearer:ValidIssuer", TestTokens.Issuer)
                .UseSetting("Authentication:Schemes:Bearer:ValidAudiences:0", TestTokens.Audience)
                .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", TestTokens.Issuer)
                .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Value", TestTokens.SigningKeyBase64)
                .UseSetting("AmoveStorage:Host", "S3")
                // Production also refuses to start without e-mail delivery; these tests are about the storage host.
                .UseSetting("Email:Smtp:Host", "smtp.amove.test")
                .UseSetting("Email:From", "storage@amove.test");
            foreach (var (field, value) in region)
            {
                builder.UseSetting($"AmoveStorage:S3:Regions:0:{field}", value);
            }

            if (allowSharedCredentials is not null)
            {
                builder.UseSetting("AmoveStorage:S3:AllowSharedCredentials", allowSharedCredentials);
            }

            foreach (var (key, value) in settings ?? [])
            {
                builder.UseSetting(key, value);
            }
        });
}
