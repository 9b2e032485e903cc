using System.Net;
using System.Security.Claims;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Email;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

[Collection(S3HostedStorageCollection.Name)]
public sealed class AddStorageTests(S3HostedStorage storage)
{
    private const string CreateUser = nameof(IAmoveStorageHost.CreateUserAsync);
    private const string RemoveUser = nameof(IAmoveStorageHost.RemoveUserAsync);
    private const string EnableRegion = nameof(IAmoveStorageHost.EnableRegionAsync);
    private const string DisableRegion = nameof(IAmoveStorageHost.DisableRegionAsync);

    private readonly CloudAccountsApiFactory _api = storage.Api;
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task Provisioning_answers_the_masked_internal_S3_account_whose_keys_list_the_bucket_it_created()
    {
        var created = await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Oregon, storageTier: 1);

        Assert.Equal(
            ["id", "accountId", "userId", "cloudType", "name", "accessKey", "secretKey", "credentialsData", "serviceUrl", "active", "shared", "internalStorage", "storageTier"],
            created.PropertyNames());
        Assert.Equal(8, (int)created["cloudType"]!);
        Assert.True((bool)created["internalStorage"]!);
        Assert.Equal(1, (int)created["storageTier"]!);
        Assert.Equal(S3HostedStorage.ServiceUrl, (string?)created["serviceUrl"]);
        Assert.Equal("S3R*****", (string?)created["accessKey"]);
        Assert.Equal("**********", (string?)created["secretKey"]);
        Assert.Null(created["credentialsData"]);
        Assert.Equal("Amove Storage Oregon Perform", (string?)created["name"]);
        Assert.False((bool)created["shared"]!);
        Assert.Equal(_tenant.Owner.Id, Guid.Parse((string)created["userId"]!));
        Assert.Equal(_tenant.AccountId, Guid.Parse((string)created["accountId"]!));

        var bucket = await _api.ScalarAsync<string>(
            "SELECT bucket_name FROM hosted_storages WHERE cloud_account_id = $1 AND state = 1 AND deleted_at IS NULL", created.Id());
        Assert.Matches("^amove-[0-9a-f]{16}$", bucket);
        using var owner = _api.CreateClientFor(_tenant.Owner);
        Assert.Contains(bucket, await owner.BucketNamesAsync(created.Id()));
        Assert.Single(await owner.GetAllDataAsync(), a => (string?)a!["id"] == created.Id().ToString());
    }

    [Fact]
    public async Task A_shared_storage_is_answered_as_shared()
    {
        var created = await _api.ProvisionAsync(_tenant.Owner, shared: true);

        Assert.True((bool)created["shared"]!);
    }

    [Fact]
    public async Task Without_a_region_the_default_region_is_used()
    {
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var created = await (await owner.AddStorageAsync(regionName: null, storageTier: 2)).ShouldBeOkJsonObjectAsync();

        Assert.Equal("Amove Storage Oregon Global", (string?)created["name"]);
        Assert.Equal("OR", await _api.ScalarAsync<string>("SELECT region_code FROM hosted_storages WHERE cloud_account_id = $1", created.Id()));
    }

    [Theory]
    [InlineData("OR")]
    [InlineData("or")]
    public async Task A_second_storage_in_the_same_region_and_tier_is_refused_with_Global(string secondRegionName)
    {
        await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Oregon, storageTier: 4);
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.AddStorageAsync(secondRegionName, storageTier: 4);

        await response.ShouldBeAmoveErrorAsync("Global", "You already have Amove storage in region OR and tier Scale.");
        Assert.Equal(1L, await CountLiveStoragesAsync(_tenant.Owner));
        Assert.Single(await owner.GetAllDataAsync());
    }

    [Fact]
    public async Task Another_region_of_the_same_tier_reuses_the_tiers_host_user()
    {
        var recorder = new RecordingStorageHost();
        await using var api = storage.WithRecordedHost(recorder);
        using var owner = api.CreateClientFor(_tenant.Owner);

        await (await owner.AddStorageAsync(S3HostedStorage.Oregon, storageTier: 8)).ShouldBeOkJsonObjectAsync();
        await (await owner.AddStorageAsync(S3HostedStorage.Virginia, storageTier: 8)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(1, recorder.Count(CreateUser));
        Assert.Equal(2, recorder.Count(EnableRegion));
        Assert.Equal(2L, await CountLiveStoragesAsync(_tenant.Owner));
        Assert.Equal(1L, await _api.ScalarAsync<long>(
            "SELECT count(*) FROM storage_subscriptions WHERE user_id = $1 AND deleted_at IS NULL", _tenant.Owner.Id));
        Assert.Equal(2, (await owner.GetAllDataAsync()).Count);
    }

    [Fact]
    public async Task Twenty_concurrent_identical_requests_create_exactly_one_storage_and_refuse_the_other_nineteen()
    {
        var recorder = new RecordingStorageHost();
        await using var api = storage.WithRecordedHost(recorder);
        var lister = await _api.ConnectS3GenericAsync(_tenant.DesktopStandardUser);
        using var listing = _api.CreateClientFor(_tenant.DesktopStandardUser);
        var bucketsBefore = await listing.BucketNamesAsync(lister);
        using var owner = api.CreateClientFor(_tenant.Owner);
        await owner.GetAllDataAsync(); // The caller is recorded once, before the race.

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => owner.AddStorageAsync(S3HostedStorage.Virginia, storageTier: 1)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(19, refused.Count);
        foreach (var response in refused)
        {
            await response.ShouldBeAmoveErrorAsync("Global", "You already have Amove storage in region VA and tier Perform.");
        }

        Assert.Equal(1L, await _api.ScalarAsync<long>("SELECT count(*) FROM hosted_storages WHERE user_id = $1", _tenant.Owner.Id));
        Assert.Equal(1L, await _api.ScalarAsync<long>("SELECT count(*) FROM storage_subscriptions WHERE user_id = $1", _tenant.Owner.Id));
        Assert.Equal(1L, await _api.ScalarAsync<long>("SELECT count(*) FROM cloud_accounts WHERE user_id = $1", _tenant.Owner.Id));

        // Only one request reached the host, so only one bucket was made: the storage's.
        Assert.Equal(1, recorder.Count(EnableRegion));
        var bucket = await _api.ScalarAsync<string>("SELECT bucket_name FROM hosted_storages WHERE user_id = $1", _tenant.Owner.Id);
        Assert.Contains(bucket, (await listing.BucketNamesAsync(lister)).Except(bucketsBefore));
    }

    [Fact]
    public async Task The_welcome_email_is_queued_encrypted_with_the_storage()
    {
        var outboxBefore = await CountOutboxAsync();
        using var owner = _api.CreateClientFor(_tenant.Owner);
        const string password = "Correct-Horse-42";

        await (await owner.AddStorageAsync(S3HostedStorage.Oregon, storageTier: 1, defaultPassword: password)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(outboxBefore + 1, await CountOutboxAsync());
        var body = await _api.ScalarAsync<string>("SELECT body FROM email_outbox ORDER BY created_at DESC LIMIT 1");
        Assert.DoesNotContain(TestEnvironment.S3SecretKey, body);
        Assert.DoesNotContain(password, body);
        Assert.DoesNotContain("Secret key", body);
        var recipient = await _api.ScalarAsync<string>("SELECT recipient FROM email_outbox ORDER BY created_at DESC LIMIT 1");
        Assert.DoesNotContain(_tenant.Owner.Email, recipient);
        var storedPassword = await _api.ScalarAsync<string>("SELECT host_user_password FROM storage_subscriptions WHERE user_id = $1", _tenant.Owner.Id);
        Assert.NotNull(storedPassword);
        Assert.DoesNotContain(password, storedPassword);
    }

    [Fact]
    public async Task The_welcome_email_carries_everything_a_client_needs_to_connect_and_the_given_password()
    {
        using var owner = _api.CreateClientFor(_tenant.Owner);
        const string password = "Given-Password-7";

        var id = (await (await owner.AddStorageAsync(S3HostedStorage.Virginia, storageTier: 2, defaultPassword: password)).ShouldBeOkJsonObjectAsync()).Id();

        var email = await WelcomeEmailToAsync(_tenant.Owner);
        var bucket = await _api.ScalarAsync<string>("SELECT bucket_name FROM hosted_storages WHERE cloud_account_id = $1", id);
        Assert.Equal("Your Amove storage in Virginia (Global) is ready", email.Subject);
        Assert.Contains($"Endpoint:    {S3HostedStorage.ServiceUrl}", email.Body);
        Assert.Contains("Region:      Virginia (VA)", email.Body);
        Assert.Contains("Tier:        Global", email.Body);
        Assert.Contains($"Bucket:      {bucket}", email.Body);
        Assert.Contains($"Access key:  {TestEnvironment.S3AccessKey}", email.Body);
        Assert.Contains($"Secret key:  {TestEnvironment.S3SecretKey}", email.Body);
        Assert.Contains($"Password:    {password}", email.Body);
    }

    [Fact]
    public async Task Without_a_password_a_strong_one_is_generated_and_emailed()
    {
        await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Oregon, storageTier: 8);

        var email = await WelcomeEmailToAsync(_tenant.Owner);
        var password = email.Body.Split('\n').Single(line => line.StartsWith("Password:", StringComparison.Ordinal))["Password:".Length..].Trim();
        Assert.Equal(20, password.Length);
        Assert.Contains(password, char.IsAsciiLetterLower);
        Assert.Contains(password, char.IsAsciiLetterUpper);
        Assert.Contains(password, char.IsAsciiDigit);
        Assert.Contains(password, c => !char.IsAsciiLetterOrDigit(c));
    }

    [Fact]
    public async Task Two_regions_of_one_tier_provisioned_at_once_share_one_host_user()
    {
        var recorder = new RecordingStorageHost();
        await using var api = storage.WithRecordedHost(recorder);
        using var owner = api.CreateClientFor(_tenant.Owner);
        await owner.GetAllDataAsync(); // The caller is recorded once, before the race.

        var responses = await Task.WhenAll(
            owner.AddStorageAsync(S3HostedStorage.Oregon, storageTier: 2), owner.AddStorageAsync(S3HostedStorage.Virginia, storageTier: 2));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, recorder.Count(CreateUser));
        Assert.Equal(2L, await CountLiveStoragesAsync(_tenant.Owner));
        Assert.Equal(1L, await _api.ScalarAsync<long>("SELECT count(*) FROM storage_subscriptions WHERE user_id = $1", _tenant.Owner.Id));
    }

    [Fact]
    public async Task A_claim_abandoned_midway_over_an_hour_ago_no_longer_blocks_its_region_and_tier()
    {
        await InsertProvisioningClaimAsync(_tenant.Owner, "OR", storageTier: 1, age: AmoveStorageService.AbandonedClaimAge + TimeSpan.FromMinutes(1));
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var created = await (await owner.AddStorageAsync(S3HostedStorage.Oregon, storageTier: 1)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(1L, await _api.ScalarAsync<long>("SELECT count(*) FROM hosted_storages WHERE user_id = $1", _tenant.Owner.Id));
        Assert.Equal(1L, await _api.ScalarAsync<long>(
            "SELECT count(*) FROM hosted_storages WHERE cloud_account_id = $1 AND state = 1", created.Id()));
    }

    [Fact]
    public async Task A_claim_still_provisioning_refuses_a_second_request_for_its_region_and_tier()
    {
        await InsertProvisioningClaimAsync(_tenant.Owner, "OR", storageTier: 1, age: TimeSpan.FromMinutes(5));
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.AddStorageAsync(S3HostedStorage.Oregon, storageTier: 1);

        await response.ShouldBeAmoveErrorAsync("Global", "You already have Amove storage in region OR and tier Perform.");
        Assert.Equal(1L, await _api.ScalarAsync<long>("SELECT count(*) FROM hosted_storages WHERE user_id = $1 AND state = 0", _tenant.Owner.Id));
    }

    [Fact]
    public async Task A_region_that_does_not_exist_is_a_499_DEFAULT_naming_the_regions_there_are()
    {
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.AddStorageAsync("LA", storageTier: 1);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "'regionName' must be one of: OR, VA.");
        Assert.Equal(0L, await CountLiveStoragesAsync(_tenant.Owner));
    }

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { """{"regionName":"OR","storageTier":0}""", "'storageTier' must be 1 (Perform), 2 (Global), 4 (Scale) or 8 (Archive)." },
        { """{"regionName":"OR","storageTier":3}""", "'storageTier' must be 1" },
        { """{"regionName":"OR","storageTier":16}""", "'storageTier' must be 1" },
        { """{"regionName":"OR"}""", "'storageTier' must be 1" },
        { """{"regionName":"a-very-long-region-name","storageTier":1}""", "'regionName' must be at most 16 characters." },
        { """{"regionName":"OR","storageTier":1,"defaultPassword":"short"}""", "'defaultPassword' must be 8 to 128 characters long." },
        { $$"""{"regionName":"OR","storageTier":1,"defaultPassword":"{{new string('p', 129)}}"}""", "'defaultPassword' must be 8 to 128 characters long." },
        { """{"regionName":"OR","storageTier":1,"defaultPassword":"pass\nword123"}""", "'defaultPassword' must not contain control characters." },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_is_a_499_DEFAULT_and_provisions_nothing(string body, string message)
    {
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var response = await owner.PostRawAsync(AmoveStorageApi.AddStorage, body);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", message);
        Assert.Equal(0L, await CountLiveStoragesAsync(_tenant.Owner));
    }

    [Fact]
    public async Task A_caller_without_an_email_address_is_told_the_credentials_are_emailed()
    {
        var user = _tenant.Owner;
        using var client = _api.CreateClientWithToken(TestTokens.Create(
        [
            new Claim("sub", user.Id.ToString()),
            new Claim("account_id", user.AccountId.ToString()),
            new Claim("user_type", ((int)user.UserType).ToString(), ClaimValueTypes.Integer32),
        ]));

        var response = await client.AddStorageAsync();

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "credentials are e-mailed");
        Assert.Equal(0L, await CountLiveStoragesAsync(user));
    }

    [Fact]
    public async Task When_the_region_refuses_the_bucket_everything_done_before_is_undone()
    {
        await using var refusing = LoopbackHttpServer.AnsweringS3Error(403, "Forbidden", "AccessDenied", "Bucket creation is not allowed here.");
        var recorder = new RecordingStorageHost();
        await using var api = storage.WithRecordedHost(recorder, S3HostedStorage.Region(2, "LA", "Los Angeles", refusing.Url));
        var outboxBefore = await CountOutboxAsync();
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.AddStorageAsync("LA", storageTier: 1);

        await response.ShouldBeAmoveErrorAsync("ACCESS", "AccessDenied");
        Assert.Equal([CreateUser, EnableRegion, DisableRegion, RemoveUser], recorder.Calls);
        await AssertNothingLeftAsync(outboxBefore);
    }

    [Fact]
    public async Task When_the_bucket_creation_ends_without_an_answer_the_bucket_is_deleted_in_case_it_was_made()
    {
        var requests = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var failing = LoopbackHttpServer.Answering(requestLine =>
        {
            requests.Enqueue(requestLine);
            return requestLine.StartsWith("PUT ", StringComparison.Ordinal)
                ? LoopbackHttpServer.S3ErrorResponse(500, "Internal Server Error", "InternalError", "Lost the answer.")
                : LoopbackHttpServer.S3ErrorResponse(404, "Not Found", "NoSuchBucket", "No such bucket.");
        });
        var recorder = new RecordingStorageHost();
        await using var api = storage.WithRecordedHost(recorder, S3HostedStorage.Region(2, "LA", "Los Angeles", failing.Url));
        var outboxBefore = await CountOutboxAsync();
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.AddStorageAsync("LA", storageTier: 1);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "InternalError");
        var created = requests.Where(r => r.StartsWith("PUT /amove-", StringComparison.Ordinal)).Select(r => r.Split(' ')[1]).Distinct().ToList();
        var deleted = requests.Where(r => r.StartsWith("DELETE /amove-", StringComparison.Ordinal)).Select(r => r.Split(' ')[1]).Distinct().ToList();
        Assert.Equal(created, deleted);
        Assert.Single(created);
        Assert.Equal([CreateUser, EnableRegion, DisableRegion, RemoveUser], recorder.Calls);
        await AssertNothingLeftAsync(outboxBefore);
    }

    [Fact]
    public async Task When_the_final_save_fails_the_bucket_is_deleted_and_nothing_is_kept()
    {
        var recorder = new RecordingStorageHost();
        var failingInsert = new FailCloudAccountInsert();
        await using var api = storage.WithRecordedHost(
            recorder, services: services => services.ConfigureDbContext<Core.Data.Postgres.PostgresCloudAccountsDbContext>(db => db.AddInterceptors(failingInsert)));
        var lister = await _api.ConnectS3GenericAsync(_tenant.DesktopStandardUser);
        using var listing = _api.CreateClientFor(_tenant.DesktopStandardUser);
        var outboxBefore = await CountOutboxAsync();
        using var owner = api.CreateClientFor(_tenant.Owner);
        failingInsert.Armed = true;

        var response = await owner.AddStorageAsync(S3HostedStorage.Oregon, storageTier: 2);

        await response.ShouldBeAmoveErrorAsync("DB_INSERT");
        Assert.NotNull(failingInsert.BucketCreatedBefore);
        Assert.Equal([CreateUser, EnableRegion, DisableRegion, RemoveUser], recorder.Calls);
        Assert.DoesNotContain(failingInsert.BucketCreatedBefore, await listing.BucketNamesAsync(lister));
        await AssertNothingLeftAsync(outboxBefore);
    }

    [Fact]
    public async Task After_an_undone_attempt_the_same_region_and_tier_can_be_provisioned()
    {
        var recorder = new RecordingStorageHost { Failing = EnableRegion };
        await using (var api = storage.WithRecordedHost(recorder))
        {
            using var failing = api.CreateClientFor(_tenant.Owner);
            await (await failing.AddStorageAsync(S3HostedStorage.Virginia, storageTier: 4)).ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "refuses");
        }

        var created = await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Virginia, storageTier: 4);

        Assert.True((bool)created["internalStorage"]!);
        Assert.Equal(1L, await CountLiveStoragesAsync(_tenant.Owner));
    }

    [Fact]
    public async Task Neither_the_keys_nor_the_password_appear_in_any_log_line_when_provisioning_fails()
    {
        await using var refusing = LoopbackHttpServer.AnsweringS3Error(403, "Forbidden", "AccessDenied", "No buckets here.");
        var secretKey = $"region-secret-{Guid.NewGuid():N}";
        var password = $"Pass-{Guid.NewGuid():N}";
        var region = S3HostedStorage.Region(2, "LA", "Los Angeles", refusing.Url);
        region["AmoveStorage:S3:Regions:2:SecretKey"] = secretKey;
        var logs = new CapturingLoggerProvider();
        await using var api = storage.WithRecordedHost(new RecordingStorageHost(), region).WithWebHostBuilder(builder =>
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFilter(_ => true).AddProvider(logs)));
        using var owner = api.CreateClientFor(_tenant.Owner);

        await (await owner.AddStorageAsync("LA", storageTier: 1, defaultPassword: password)).ShouldBeAmoveErrorAsync("ACCESS");

        Assert.Contains(logs.Lines, line => line.Contains("failed; undoing what was done", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(secretKey, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(password, StringComparison.Ordinal));
    }

    private async Task AssertNothingLeftAsync(long outboxBefore)
    {
        Assert.Equal(0L, await _api.ScalarAsync<long>("SELECT count(*) FROM cloud_accounts WHERE user_id = $1", _tenant.Owner.Id));
        Assert.Equal(0L, await _api.ScalarAsync<long>("SELECT count(*) FROM hosted_storages WHERE user_id = $1", _tenant.Owner.Id));
        Assert.Equal(0L, await _api.ScalarAsync<long>("SELECT count(*) FROM storage_subscriptions WHERE user_id = $1", _tenant.Owner.Id));
        Assert.Equal(outboxBefore, await CountOutboxAsync());
    }

    private Task<long> CountLiveStoragesAsync(TestUser user) =>
        _api.ScalarAsync<long>("SELECT count(*) FROM hosted_storages WHERE user_id = $1 AND deleted_at IS NULL", user.Id);

    /// <summary>A claim row as a provisioning leaves it when its instance stops midway, <paramref name="age"/> ago.</summary>
    private async Task InsertProvisioningClaimAsync(TestUser user, string region, int storageTier, TimeSpan age)
    {
        using var client = _api.CreateClientFor(user);
        await client.GetAllDataAsync(); // Records the user and the account.
        var subscriptionId = Guid.NewGuid();
        var createdAt = DateTime.UtcNow - age;
        await _api.ScalarAsync<object>(
            "INSERT INTO storage_subscriptions (id, account_id, user_id, storage_tier, created_at) VALUES ($1, $2, $3, $4, $5)",
            subscriptionId, user.AccountId, user.Id, storageTier, createdAt);
        await _api.ScalarAsync<object>(
            "INSERT INTO hosted_storages (id, subscription_id, account_id, user_id, storage_tier, region_code, state, created_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, 0, $7)",
            Guid.NewGuid(), subscriptionId, user.AccountId, user.Id, storageTier, region, createdAt);
    }

    /// <summary>The queued welcome e-mail to <paramref name="user"/>, decrypted as the app reads it.</summary>
    private async Task<EmailMessage> WelcomeEmailToAsync(TestUser user)
    {
        await using var scope = _api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        var queued = await db.OutboxEmails.AsNoTracking().ToListAsync();
        var email = Assert.Single(queued, e => e.Recipient == user.Email);
        return new EmailMessage(email.Recipient, email.Subject, email.Body);
    }

    private Task<long> CountOutboxAsync() => _api.ScalarAsync<long>("SELECT count(*) FROM email_outbox");
}
