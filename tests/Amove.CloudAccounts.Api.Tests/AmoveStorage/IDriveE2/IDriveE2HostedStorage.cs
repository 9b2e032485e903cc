using Amove.CloudAccounts.Api.Tests.Email;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.IDriveE2;

/// <summary>
/// The whole API as production runs it, with Amove storage hosted by the IDrive e2 host: its reseller API is a
/// <see cref="FakeIDriveE2Server"/> whose regions are served by the local s3rver (every storage_dn is s3rver's URL and
/// every access key it mints is s3rver's pair, so the buckets are real), and welcome e-mails go out through maildev.
/// </summary>
public sealed class IDriveE2HostedStorage : IAsyncLifetime
{
    public CloudAccountsApiFactory Api { get; } = new();

    /// <summary>The reseller API the shared <see cref="Api"/> talks to; tests that change its answers start their own.</summary>
    public FakeIDriveE2Server E2 { get; private set; } = null!;

    /// <summary>The endpoint every storage gets: s3rver, as the storage_dn the fake answers.</summary>
    public static string ServiceUrl => TestEnvironment.S3Url.AbsoluteUri;

    /// <summary>
    /// A reseller API whose regions land on s3rver. Each region still gets a storage_dn of its own, as at e2, where removals
    /// find a region by it: s3rver's URL with as many <c>./</c> segments as the region's place in the list, which the URL
    /// parser drops again.
    /// </summary>
    public static async Task<FakeIDriveE2Server> StartE2Async()
    {
        var e2 = await FakeIDriveE2Server.StartAsync();
        e2.StorageDnFor = key => ServiceUrl + string.Concat(Enumerable.Repeat("./", e2.Regions.FindIndex(r => (string?)r["region_key"] == key)));
        e2.MintKeys = () => (TestEnvironment.S3AccessKey, TestEnvironment.S3SecretKey);
        return e2;
    }

    /// <summary>
    /// The e2 user of <paramref name="user"/> and <paramref name="tier"/>: the user's address plus-addressed with the tier.
    /// </summary>
    public static string E2UserOf(TestUser user, StorageTier tier)
    {
        var at = user.Email.LastIndexOf('@');
        return $"{user.Email[..at]}+amove-{tier.ToString().ToLowerInvariant()}{user.Email[at..]}";
    }

    /// <summary>
    /// The e2 operations done for <paramref name="e2User"/>, in order; the usage reports the sampler asks for in the
    /// background are left out.
    /// </summary>
    public static string[] OperationsFor(FakeIDriveE2Server e2, string e2User) =>
        [.. e2.Requests.Where(r => r.Operation != "usage_stats" && r.Body.Length > 0 && (string?)r.Json["email"] == e2User).Select(r => r.Operation)];

    /// <summary>
    /// The same API and database on another reseller API (e.g. one told to fail), plus <paramref name="settings"/> and
    /// test services.
    /// </summary>
    public WebApplicationFactory<Program> WithE2(
        FakeIDriveE2Server e2, IEnumerable<KeyValuePair<string, string>>? settings = null, Action<IServiceCollection>? services = null) =>
        Api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("AmoveStorage:IDriveE2:BaseUrl", e2.BaseUrl);
            foreach (var (key, value) in settings ?? [])
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });

    /// <summary>Rows of the caller's storage, in every table a provisioning writes to (live or not).</summary>
    public async Task<(long CloudAccounts, long HostedStorages, long Subscriptions)> RowsOfAsync(TestUser user) => (
        await Api.ScalarAsync<long>("SELECT count(*) FROM cloud_accounts WHERE user_id = $1", user.Id),
        await Api.ScalarAsync<long>("SELECT count(*) FROM hosted_storages WHERE user_id = $1", user.Id),
        await Api.ScalarAsync<long>("SELECT count(*) FROM storage_subscriptions WHERE user_id = $1", user.Id));

    /// <summary>Queued e-mails to <paramref name="recipient"/>, decrypted as the app reads them (recipients are stored encrypted).</summary>
    public async Task<int> QueuedEmailsToAsync(string recipient)
    {
        await using var scope = Api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        var queued = await db.OutboxEmails.AsNoTracking().Select(e => e.Recipient).ToListAsync();
        return queued.Count(r => r == recipient);
    }

    public async Task InitializeAsync()
    {
        E2 = await StartE2Async();
        Api.Settings["AmoveStorage:Host"] = "IDriveE2";
        Api.Settings["AmoveStorage:IDriveE2:BaseUrl"] = E2.BaseUrl;
        Api.Settings["AmoveStorage:IDriveE2:ApiKey"] = FakeIDriveE2Server.ApiKey;
        EmailWorkerApiFactory.UseMaildev(Api.Settings);
        Api.Settings["Email:Outbox:PollSeconds"] = "1";
        await Api.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Api).DisposeAsync();
        await E2.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IDriveE2HostedStorageCollection : ICollectionFixture<IDriveE2HostedStorage>
{
    public const string Name = "amove-storage-idrive-e2";
}
