using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

/// <summary>
/// The shared API fixture with Amove storage hosted by the S3 host: two regions, Oregon (OR) and Virginia (VA), both on
/// the local s3rver with its keys, as a development deployment would configure MinIO.
/// </summary>
public sealed class S3HostedStorage : IAsyncLifetime
{
    public const string Oregon = "OR";
    public const string Virginia = "VA";

    public S3HostedStorage()
    {
        var s3 = TestEnvironment.S3Url.ToString().TrimEnd('/');
        Api.Settings["AmoveStorage:Host"] = "S3";
        foreach (var (index, code, name) in new[] { (0, Oregon, "Oregon"), (1, Virginia, "Virginia") })
        {
            Api.Settings[$"AmoveStorage:S3:Regions:{index}:Code"] = code;
            Api.Settings[$"AmoveStorage:S3:Regions:{index}:Name"] = name;
            Api.Settings[$"AmoveStorage:S3:Regions:{index}:ServiceUrl"] = s3;
            Api.Settings[$"AmoveStorage:S3:Regions:{index}:AccessKey"] = TestEnvironment.S3AccessKey;
            Api.Settings[$"AmoveStorage:S3:Regions:{index}:SecretKey"] = TestEnvironment.S3SecretKey;
        }
    }

    public CloudAccountsApiFactory Api { get; } = new();

    /// <summary>The region endpoint as stored accounts carry it.</summary>
    public static string ServiceUrl => TestEnvironment.S3Url.AbsoluteUri;

    /// <summary>
    /// The API with every call to the storage host recorded (the real S3 host still does the work), plus any
    /// <paramref name="settings"/> (e.g. <see cref="Region"/>) and test services.
    /// </summary>
    public WebApplicationFactory<Program> WithRecordedHost(
        RecordingStorageHost recorder, IEnumerable<KeyValuePair<string, string>>? settings = null, Action<IServiceCollection>? services = null) =>
        Api.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings ?? [])
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(testServices =>
            {
                recorder.Decorate(testServices);
                services?.Invoke(testServices);
            });
        });

    /// <summary>The settings of one more region, on <paramref name="serviceUrl"/> with s3rver's keys.</summary>
    public static Dictionary<string, string> Region(int index, string code, string name, Uri serviceUrl) => new()
    {
        [$"AmoveStorage:S3:Regions:{index}:Code"] = code,
        [$"AmoveStorage:S3:Regions:{index}:Name"] = name,
        [$"AmoveStorage:S3:Regions:{index}:ServiceUrl"] = serviceUrl.AbsoluteUri,
        [$"AmoveStorage:S3:Regions:{index}:AccessKey"] = TestEnvironment.S3AccessKey,
        [$"AmoveStorage:S3:Regions:{index}:SecretKey"] = TestEnvironment.S3SecretKey,
    };

    public Task InitializeAsync() => Api.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)Api).DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class S3HostedStorageCollection : ICollectionFixture<S3HostedStorage>
{
    public const string Name = "amove-storage-s3";
}
