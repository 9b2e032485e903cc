using System.Text;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.IDriveE2;

/// <summary>What the IDrive e2 host sends to the reseller API and what it makes of the answers.</summary>
public sealed class IDriveE2StorageHostTests : IAsyncLifetime
{
    private const string Email = "ann.lee@example.com";

    private FakeIDriveE2Server _e2 = null!;
    private IDriveE2Harness _harness = null!;

    private IAmoveStorageHost Host => _harness.Host;

    public async Task InitializeAsync()
    {
        _e2 = await FakeIDriveE2Server.StartAsync();
        _harness = await IDriveE2Harness.StartAsync(_e2, new Dictionary<string, string?> { ["AmoveStorage:IDriveE2:UserQuota"] = "250" });
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _e2.DisposeAsync();
    }

    [Fact]
    public async Task Regions_are_the_active_ones_by_key_name_and_code_asked_for_with_the_token_header_only()
    {
        var regions = await Host.ListRegionsAsync(CancellationToken.None);

        Assert.Equal(["OR", "VA", "LA", "IE", "LDN", "FRA"], regions.Select(r => r.Key));
        Assert.Equal(new HostRegion("OR", "Oregon", "us-or"), regions[0]);
        Assert.DoesNotContain(regions, r => r.Key == "DA");
        var request = Assert.Single(_e2.Requests);
        Assert.Equal(("GET", "/api/reseller/v1/regions"), (request.Method, request.Path));
        Assert.Equal(FakeIDriveE2Server.ApiKey, request.Token);
        Assert.Empty(request.Authorization);
    }

    [Fact]
    public async Task Regions_wrapped_in_an_object_are_read_as_well_and_entries_without_a_usable_key_are_skipped()
    {
        _e2.Answer("regions", 200, """
            {"regions":[
              {"region_key":"OR","region_name":"Oregon","active":true,"region_code":"us-or"},
              {"region_key":"CA","region_name":"Montreal","region_code":"ca-mtl"},
              {"region_key":"bad key!","region_name":"Nowhere","active":true},
              {"region_name":"Keyless","active":true},
              {"region_key":"PH","region_name":"Phoenix","active":"false"}
            ]}
            """);

        var regions = await Host.ListRegionsAsync(CancellationToken.None);

        Assert.Equal([new HostRegion("OR", "Oregon", "us-or"), new HostRegion("CA", "Montreal", "ca-mtl")], regions);
    }

    [Fact]
    public async Task Creating_a_user_puts_the_tier_address_the_base64_password_and_the_configured_quota()
    {
        var user = await Host.CreateUserAsync(
            new HostUserRequest(Guid.NewGuid(), Email, StorageTier.Perform, "Pässword-1"), CancellationToken.None);

        Assert.Equal(new HostUser("ann.lee+amove-perform@example.com"), user);
        var request = Assert.Single(_e2.Requests);
        Assert.Equal(("PUT", "/api/reseller/v1/create_user", FakeIDriveE2Server.ApiKey), (request.Method, request.Path, request.Token));
        Assert.StartsWith("application/json", request.ContentType);
        var body = request.Json;
        Assert.Equal("ann.lee+amove-perform@example.com", (string?)body["email"]);
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("Pässword-1")), (string?)body["password"]);
        Assert.Equal(250, (long)body["quota"]!);
        Assert.False((bool)body["email_notification"]!);
        Assert.Equal("Pässword-1", _e2.Users["ann.lee+amove-perform@example.com"].Password);
    }

    [Fact]
    public async Task Each_tier_of_one_user_is_its_own_e2_user()
    {
        var perform = await Host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), Email, StorageTier.Perform, "p"), CancellationToken.None);
        var archive = await Host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), Email, StorageTier.Archive, "p"), CancellationToken.None);

        Assert.Equal("ann.lee+amove-archive@example.com", archive.Name);
        Assert.NotEqual(perform, archive);
        Assert.Equal(2, _e2.Users.Count);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    [InlineData("ann@")]
    [InlineData("a very@example.com")]
    [InlineData("a-local-part-so-long-that-no-tier-suffix-fits-in-64-chars@example.com")]
    public async Task An_address_that_cannot_name_a_tier_user_is_refused_before_e2_is_called(string email)
    {
        var refusal = await Assert.ThrowsAsync<AmoveException>(() =>
            Host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), email, StorageTier.Global, "p"), CancellationToken.None));

        Assert.Equal(ErrorCodes.Default, refusal.Code);
        Assert.Empty(_e2.Requests);
    }

    [Fact]
    public async Task Enabling_a_region_opens_it_and_creates_a_read_write_key_for_its_endpoint()
    {
        var user = await CreateUserAsync();

        var access = await Host.EnableRegionAsync(user, new HostRegion("OR", "Oregon", "us-or"), CancellationToken.None);

        var storageDn = _e2.Users[user.Name!].StorageDns["OR"];
        var key = Assert.Single(_e2.Users[user.Name!].Keys);
        Assert.Equal(new Uri($"https://{storageDn}"), access.ServiceUrl);
        Assert.Equal((key.AccessKey, key.SecretKey, storageDn, key.AccessKey), (access.AccessKey, access.SecretKey, access.RegionReference, access.AccessKeyId));
        Assert.Equal(2, key.Permission);
        var enable = Assert.Single(_e2.RequestsTo("enable_user_region"));
        Assert.Equal(("POST", user.Name, "OR"), (enable.Method, (string?)enable.Json["email"], (string?)enable.Json["region"]));
        var create = Assert.Single(_e2.RequestsTo("create_access_key"));
        Assert.Equal(("POST", FakeIDriveE2Server.ApiKey), (create.Method, create.Token));
        Assert.Equal(user.Name, (string?)create.Json["email"]);
        Assert.Equal(storageDn, (string?)create.Json["storage_dn"]);
        Assert.Equal("amove-or", (string?)create.Json["name"]);
        Assert.Equal(2, (int)create.Json["permission"]!);
        Assert.DoesNotContain(key.SecretKey, access.ToString());
    }

    [Fact]
    public async Task A_storage_dn_that_is_a_whole_url_is_the_endpoint_as_it_is()
    {
        _e2.StorageDnFor = _ => "http://127.0.0.1:4568";
        var user = await CreateUserAsync();

        var access = await Host.EnableRegionAsync(user, new HostRegion("VA", "Virginia", "us-va"), CancellationToken.None);

        Assert.Equal(new Uri("http://127.0.0.1:4568"), access.ServiceUrl);
        Assert.Equal("http://127.0.0.1:4568", access.RegionReference);
    }

    [Fact]
    public async Task A_key_answer_without_a_data_wrapper_is_read_as_well()
    {
        var user = await CreateUserAsync();
        _e2.Answer("create_access_key", 200, """{"created":true,"access_key_id":"E2AKFLAT","secret_access_key":"flat-secret"}""");

        var access = await Host.EnableRegionAsync(user, new HostRegion("OR", "Oregon", "us-or"), CancellationToken.None);

        Assert.Equal(("E2AKFLAT", "flat-secret", "E2AKFLAT"), (access.AccessKey, access.SecretKey, access.AccessKeyId));
    }

    [Fact]
    public async Task When_the_key_cannot_be_created_the_region_is_removed_again_and_e2s_reason_is_passed_on()
    {
        var user = await CreateUserAsync();
        _e2.Answer("create_access_key", 500, FakeIDriveE2Server.ErrorBody("api_error", "request_processing_failed", "Unable to process this request, please try again later"));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() =>
            Host.EnableRegionAsync(user, new HostRegion("OR", "Oregon", "us-or"), CancellationToken.None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.Contains("Unable to process this request", failure.Message);
        var enabledDn = (string?)_e2.RequestsTo("create_access_key").Single().Json["storage_dn"];
        var removal = Assert.Single(_e2.RequestsTo("remove_user_region"));
        Assert.Equal((user.Name, enabledDn), ((string?)removal.Json["email"], (string?)removal.Json["storage_dn"]));
        Assert.Empty(_e2.Users[user.Name!].StorageDns);
        Assert.Equal(["create_user", "enable_user_region", "create_access_key", "remove_user_region"], _e2.Requests.Select(r => r.Operation));
    }

    [Fact]
    public async Task A_key_answer_without_its_secret_is_a_failure_that_removes_the_region_again()
    {
        var user = await CreateUserAsync();
        _e2.Answer("create_access_key", 200, """{"created":true,"data":{"access_key":"E2AKHALF"}}""");

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() =>
            Host.EnableRegionAsync(user, new HostRegion("OR", "Oregon", "us-or"), CancellationToken.None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.Contains("cannot read", failure.Message);
        Assert.Single(_e2.RequestsTo("remove_user_region"));
        Assert.Empty(_e2.Users[user.Name!].StorageDns);
    }

    [Fact]
    public async Task A_region_e2_refuses_to_enable_is_a_failure_with_nothing_to_undo()
    {
        var user = await CreateUserAsync();

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() =>
            Host.EnableRegionAsync(user, new HostRegion("DA", "Dallas", "us-da"), CancellationToken.None));

        Assert.Equal(ProviderFailure.InvalidRequest, failure.Failure);
        Assert.Contains("region is not valid", failure.Message);
        Assert.Empty(_e2.RequestsTo("create_access_key"));
        Assert.Empty(_e2.RequestsTo("remove_user_region"));
    }

    [Fact]
    public async Task Disabling_a_region_removes_its_key_and_then_the_region()
    {
        var user = await CreateUserAsync();
        var access = await Host.EnableRegionAsync(user, new HostRegion("LDN", "London", "gb-ldn"), CancellationToken.None);

        await Host.DisableRegionAsync(user, access, CancellationToken.None);

        Assert.Empty(_e2.Users[user.Name!].Keys);
        Assert.Empty(_e2.Users[user.Name!].StorageDns);
        Assert.Equal(["remove_access_key", "remove_user_region"], _e2.Requests.Skip(3).Select(r => r.Operation));
        var removeKey = _e2.RequestsTo("remove_access_key").Single().Json;
        Assert.Equal((user.Name, access.AccessKey, access.RegionReference),
            ((string?)removeKey["email"], (string?)removeKey["access_key"], (string?)removeKey["storage_dn"]));
        var removeRegion = _e2.RequestsTo("remove_user_region").Single().Json;
        Assert.Equal((user.Name, access.RegionReference), ((string?)removeRegion["email"], (string?)removeRegion["storage_dn"]));
    }

    [Fact]
    public async Task Removing_a_user_removes_it_at_e2()
    {
        var user = await CreateUserAsync();

        await Host.RemoveUserAsync(user, CancellationToken.None);

        var request = Assert.Single(_e2.RequestsTo("remove_user"));
        Assert.Equal(("POST", user.Name), (request.Method, (string?)request.Json["email"]));
        Assert.Empty(_e2.Users);
    }

    private async Task<HostUser> CreateUserAsync() =>
        await Host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), Email, StorageTier.Perform, "password"), CancellationToken.None);
}

/// <summary>The region cache and the usage report, on a clock the tests move.</summary>
public sealed class IDriveE2ClockTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero));
    private FakeIDriveE2Server _e2 = null!;
    private IDriveE2Harness _harness = null!;

    public async Task InitializeAsync()
    {
        _e2 = await FakeIDriveE2Server.StartAsync();
        _harness = await IDriveE2Harness.StartAsync(_e2, clock: _clock);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _e2.DisposeAsync();
    }

    [Fact]
    public async Task Regions_are_asked_for_once_within_five_minutes_and_again_after()
    {
        await _harness.Host.ListRegionsAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(4));
        _e2.Regions.RemoveAt(0);
        var cached = await _harness.Host.ListRegionsAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var fresh = await _harness.Host.ListRegionsAsync(CancellationToken.None);

        Assert.Equal("OR", cached[0].Key);
        Assert.Equal("VA", fresh[0].Key);
        Assert.Equal(2, _e2.RequestsTo("regions").Count);
    }

    [Fact]
    public async Task A_failed_region_list_is_not_kept()
    {
        _e2.Answer("regions", 500, FakeIDriveE2Server.ErrorBody("server_error", "request_processing_failed", "Try later"));
        await Assert.ThrowsAsync<StorageProviderException>(() => _harness.Host.ListRegionsAsync(CancellationToken.None));
        _e2.Answer("regions", context => context.Response.WriteAsJsonAsync(new[] { FakeIDriveE2Server.Region("OR", "Oregon", "US", true, "us-or") }));

        var regions = await _harness.Host.ListRegionsAsync(CancellationToken.None);

        Assert.Equal("OR", Assert.Single(regions).Key);
    }

    [Fact]
    public async Task Usage_is_todays_UTC_report_summed_over_the_users_regions()
    {
        var host = _harness.Host;
        var user = await host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), "bo@example.com", StorageTier.Scale, "p"), CancellationToken.None);
        var oregon = await host.EnableRegionAsync(user, new HostRegion("OR", "Oregon", "us-or"), CancellationToken.None);
        var london = await host.EnableRegionAsync(user, new HostRegion("LDN", "London", "gb-ldn"), CancellationToken.None);
        _e2.Users[user.Name!].UsageBytes[oregon.RegionReference!] = 5_000_000_000;
        _e2.Users[user.Name!].UsageBytes[london.RegionReference!] = 1234;

        var bytes = await host.ReadUsageBytesAsync(user, [], CancellationToken.None);

        Assert.Equal(5_000_001_234, bytes);
        var request = Assert.Single(_e2.RequestsTo("usage_stats"));
        Assert.Equal(("POST", user.Name, "2026-12-01", "2026-12-01"),
            (request.Method, (string?)request.Json["email"], (string?)request.Json["date_from"], (string?)request.Json["date_to"]));
    }

    [Theory]
    [InlineData("""{"storage_used":42}""", 42)]
    [InlineData("""{"data":{"usage":"42"}}""", 42)]
    [InlineData("""[{"date":"2026-12-01","storage_used":40},{"date":"2026-12-01","storage_used":2}]""", 42)]
    [InlineData("""{"usage":[{"used_bytes":41},{"used_bytes":1}]}""", 42)]
    [InlineData("""{"usage_stats":[]}""", 0)]
    public async Task Usage_reports_in_each_plausible_shape_are_read(string answer, long expected)
    {
        _e2.Answer("usage_stats", 200, answer);

        Assert.Equal(expected, await _harness.Host.ReadUsageBytesAsync(new HostUser("bo+amove-scale@example.com"), [], CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"status":"ok"}""")]
    [InlineData("""{"storage_used":-1}""")]
    [InlineData("""{"storage_used":1.5}""")]
    [InlineData("""{"storage_used":"a lot"}""")]
    [InlineData("""[{"storage_used":1},{"region":"OR"}]""")]
    [InlineData("\"hello\"")]
    [InlineData("<html>usage</html>")]
    public async Task A_usage_report_without_a_figure_in_bytes_is_refused_not_read_as_zero(string answer)
    {
        _e2.Answer("usage_stats", 200, answer);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() =>
            _harness.Host.ReadUsageBytesAsync(new HostUser("bo+amove-scale@example.com"), [], CancellationToken.None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.Contains("usage_stats", failure.Message);
    }

    [Fact]
    public async Task A_hung_answer_fails_as_timed_out_once_the_configured_time_has_passed_and_the_connection_is_dropped()
    {
        await using var impatient = await IDriveE2Harness.StartAsync(
            _e2, new Dictionary<string, string?> { ["AmoveStorage:IDriveE2:TimeoutSeconds"] = "2" }, _clock);
        _e2.Hang("regions");

        var call = impatient.Host.ListRegionsAsync(CancellationToken.None);
        await _e2.WaitUntilAsync(e2 => e2.RequestsTo("regions").Count == 1, "the request");
        _clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(call.IsCompleted, "The call ended before its timeout.");
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => call);

        Assert.Equal(ProviderFailure.TimedOut, failure.Failure);
        Assert.Equal("INTERNAL_ERROR", ProviderFailureCodes.ToErrorCode(failure.Failure));
        Assert.Contains("did not answer within the 2-second limit", failure.Message);
        await _e2.WaitUntilAsync(e2 => e2.Abandoned == 1, "the connection dropped");
    }

    [Fact]
    public async Task A_caller_who_gives_up_gets_a_cancellation_not_a_provider_failure()
    {
        _e2.Hang("regions");
        using var givingUp = new CancellationTokenSource();

        var call = _harness.Host.ListRegionsAsync(givingUp.Token);
        await _e2.WaitUntilAsync(e2 => e2.RequestsTo("regions").Count == 1, "the request");
        await givingUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await _e2.WaitUntilAsync(e2 => e2.Abandoned == 1, "the connection dropped");
    }
}
