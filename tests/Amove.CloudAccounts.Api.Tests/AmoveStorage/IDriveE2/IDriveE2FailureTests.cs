using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.IDriveE2;

/// <summary>How e2's refusals and misbehaviour reach the client: a bounded failure with e2's reason and the right 499 code.</summary>
public sealed class IDriveE2FailureTests : IAsyncLifetime
{
    private static readonly HostUser User = new("ann+amove-perform@example.com");

    private FakeIDriveE2Server _e2 = null!;
    private IDriveE2Harness _harness = null!;

    public async Task InitializeAsync()
    {
        _e2 = await FakeIDriveE2Server.StartAsync();
        _harness = await IDriveE2Harness.StartAsync(
            _e2, new Dictionary<string, string?> { ["AmoveStorage:IDriveE2:MaxResponseBytes"] = "65536" });
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _e2.DisposeAsync();
    }

    public static TheoryData<int, string, string, string, ProviderFailure, string> ErrorAnswers => new()
    {
        { 400, "invalid_request_error", "invalid_parameters", "Invalid parameter values, check errors for details", ProviderFailure.InvalidRequest, "DEFAULT" },
        { 401, "invalid_request_error", "unauthorized", "Authentication header missing/invalid", ProviderFailure.Unavailable, "INTERNAL_ERROR" },
        { 403, "invalid_request_error", "invalid_request", "Request not allowed for this account", ProviderFailure.Unavailable, "INTERNAL_ERROR" },
        { 429, "invalid_request_error", "rate_limited", "Too many requests", ProviderFailure.Throttled, "INTERNAL_ERROR" },
        { 500, "api_error", "request_processing_failed", "Unable to process this request, please try again later", ProviderFailure.Unavailable, "INTERNAL_ERROR" },
        { 502, "server_error", "bad_gateway", "Upstream failed", ProviderFailure.Unavailable, "INTERNAL_ERROR" },
    };

    [Theory]
    [MemberData(nameof(ErrorAnswers))]
    public async Task Each_documented_error_body_is_a_provider_failure_with_e2s_message_and_its_code(
        int status, string type, string code, string message, ProviderFailure expected, string errorCode)
    {
        _e2.Answer("create_user", status, FakeIDriveE2Server.ErrorBody(type, code, message));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() =>
            _harness.Host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), "ann@example.com", StorageTier.Perform, "p"), CancellationToken.None));

        Assert.Equal(expected, failure.Failure);
        Assert.Equal(errorCode, ProviderFailureCodes.ToErrorCode(failure.Failure));
        Assert.Contains(message, failure.Message);
        Assert.Contains(code, failure.Message);
        Assert.Single(_e2.RequestsTo("create_user"));
    }

    [Fact]
    public async Task The_details_of_invalid_parameters_are_passed_on()
    {
        _e2.Answer("create_user", 400, FakeIDriveE2Server.ErrorBody(
            "invalid_request_error", "invalid_parameters", "Invalid parameter values, check errors for details", "password is too weak"));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() =>
            _harness.Host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), "ann@example.com", StorageTier.Perform, "p"), CancellationToken.None));

        Assert.Contains("password is too weak", failure.Message);
    }

    [Fact]
    public async Task A_throttled_answer_passes_on_its_Retry_After()
    {
        _e2.Answer("regions", context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "9";
            return context.Response.WriteAsync(FakeIDriveE2Server.ErrorBody("server_error", "unavailable", "Maintenance"));
        });

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => _harness.Host.ListRegionsAsync(CancellationToken.None));

        Assert.Equal((ProviderFailure.Throttled, TimeSpan.FromSeconds(9)), (failure.Failure, failure.RetryAfter));
    }

    [Fact]
    public async Task A_create_user_that_fails_is_sent_once_never_retried()
    {
        _e2.Answer("create_user", 503, FakeIDriveE2Server.ErrorBody("server_error", "unavailable", "Try again"));

        await Assert.ThrowsAsync<StorageProviderException>(() =>
            _harness.Host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), "ann@example.com", StorageTier.Perform, "p"), CancellationToken.None));

        Assert.Single(_e2.Requests);
    }

    [Fact]
    public async Task An_error_answer_that_is_not_json_is_told_by_its_status()
    {
        _e2.Answer("regions", 502, "<html><body>Bad Gateway</body></html>", "text/html");

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => _harness.Host.ListRegionsAsync(CancellationToken.None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.Contains("HTTP 502", failure.Message);
        Assert.DoesNotContain("<html>", failure.Message);
    }

    [Theory]
    [InlineData("<html>maintenance</html>")]
    [InlineData("{\"regions\":\"none\"}")]
    [InlineData("42")]
    [InlineData("{\"regions\":[")]
    public async Task A_success_answer_this_server_cannot_read_is_a_failure_not_an_empty_list(string answer)
    {
        _e2.Answer("regions", 200, answer);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => _harness.Host.ListRegionsAsync(CancellationToken.None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.Contains("IDrive e2 answered regions with something this server cannot read", failure.Message);
    }

    [Fact]
    public async Task An_empty_success_answer_is_enough_for_a_removal_but_not_for_a_list()
    {
        _e2.Answer("remove_user", 204, "");
        _e2.Answer("regions", 200, "");

        await _harness.Host.RemoveUserAsync(User, CancellationToken.None);
        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => _harness.Host.ListRegionsAsync(CancellationToken.None));

        Assert.Contains("IDrive e2 answered regions with something this server cannot read", failure.Message);
    }

    [Fact]
    public async Task An_error_body_under_a_200_is_still_an_error()
    {
        _e2.Answer("remove_user", 200, FakeIDriveE2Server.ErrorBody("invalid_request_error", "user_not_found", "No such user"));

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => _harness.Host.RemoveUserAsync(User, CancellationToken.None));

        Assert.Contains("No such user", failure.Message);
    }

    [Fact]
    public async Task A_region_e2_says_it_did_not_add_is_a_failure()
    {
        _e2.Answer("enable_user_region", 200, """{"storage_added":false}""");

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() =>
            _harness.Host.EnableRegionAsync(User, new HostRegion("OR", "Oregon", "us-or"), CancellationToken.None));

        Assert.Contains("storage_added: false", failure.Message);
        Assert.Empty(_e2.RequestsTo("create_access_key"));
    }

    [Theory]
    [InlineData("create_user", """{"user_created":false}""")]
    [InlineData("remove_user", """{"user_removed":false}""")]
    public async Task A_success_answer_whose_flag_says_it_was_not_done_is_a_failure(string operation, string answer)
    {
        _e2.Answer(operation, 200, answer);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => operation == "create_user"
            ? _harness.Host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), "ann@example.com", StorageTier.Perform, "p"), CancellationToken.None)
            : _harness.Host.RemoveUserAsync(User, CancellationToken.None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.Contains($"IDrive e2 answered {operation} without doing it", failure.Message);
    }

    [Theory]
    [InlineData("""{"storage_added":true}""")]
    [InlineData("""{"storage_added":true,"storage_dn":"not a host/path"}""")]
    [InlineData("""{"storage_added":true,"storage_dn":"ftp://files.example.com"}""")]
    public async Task A_region_answer_without_a_usable_endpoint_is_a_failure(string answer)
    {
        _e2.Answer("enable_user_region", 200, answer);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() =>
            _harness.Host.EnableRegionAsync(User, new HostRegion("OR", "Oregon", "us-or"), CancellationToken.None));

        Assert.Contains("storage_dn", failure.Message);
        Assert.Empty(_e2.RequestsTo("create_access_key"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_answer_over_the_size_limit_is_refused_as_oversized(bool declareLength)
    {
        _e2.AnswerOversized("regions", 4 * 1024 * 1024, declareLength);

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => _harness.Host.ListRegionsAsync(CancellationToken.None));

        Assert.Equal(ProviderFailure.Oversized, failure.Failure);
        Assert.Equal("INTERNAL_ERROR", ProviderFailureCodes.ToErrorCode(failure.Failure));
        Assert.Contains("more than 65536 bytes", failure.Message);
    }

    [Fact]
    public async Task A_reseller_api_nobody_listens_on_could_not_be_reached()
    {
        await using var nowhere = await IDriveE2Harness.StartAsync(
            _e2, new Dictionary<string, string?> { ["AmoveStorage:IDriveE2:BaseUrl"] = $"http://127.0.0.1:{LoopbackHttpServer.UnusedPort()}/api/reseller/v1" });

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => nowhere.Host.ListRegionsAsync(CancellationToken.None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.Contains("could not be reached", failure.Message);
    }

    [Fact]
    public async Task A_wrong_path_is_an_internal_error_naming_the_operation_not_a_missing_bucket()
    {
        await using var misconfigured = await IDriveE2Harness.StartAsync(
            _e2, new Dictionary<string, string?> { ["AmoveStorage:IDriveE2:BaseUrl"] = new Uri(_e2.Url, "api/reseller/v2").ToString() });

        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => misconfigured.Host.ListRegionsAsync(CancellationToken.None));

        Assert.Equal(ProviderFailure.Unavailable, failure.Failure);
        Assert.Contains("no operation regions", failure.Message);
    }

    [Fact]
    public async Task The_api_key_appears_in_no_log_line_and_no_message_even_when_e2_echoes_it()
    {
        var user = await _harness.Host.CreateUserAsync(new HostUserRequest(Guid.NewGuid(), "ann@example.com", StorageTier.Global, "p"), CancellationToken.None);
        var access = await _harness.Host.EnableRegionAsync(user, new HostRegion("OR", "Oregon", "us-or"), CancellationToken.None);
        await _harness.Host.ReadUsageBytesAsync(user, [], CancellationToken.None);
        await _harness.Host.DisableRegionAsync(user, access, CancellationToken.None);
        _e2.Answer("remove_user", 401, FakeIDriveE2Server.ErrorBody(
            "invalid_request_error", "unauthorized", $"Authentication header invalid: token {FakeIDriveE2Server.ApiKey} is revoked"));
        var failure = await Assert.ThrowsAsync<StorageProviderException>(() => _harness.Host.RemoveUserAsync(user, CancellationToken.None));

        Assert.Contains("[redacted]", failure.Message);
        Assert.DoesNotContain(FakeIDriveE2Server.ApiKey, failure.Message);
        Assert.Contains(_harness.Logs.Lines, line => line.Contains("create_access_key"));
        Assert.Contains(_harness.Logs.Lines, line => line.Contains("AmoveStorage:IDriveE2:ApiKey"));
        Assert.DoesNotContain(_harness.Logs.Lines, line => line.Contains(FakeIDriveE2Server.ApiKey));
        Assert.DoesNotContain(_harness.Logs.Lines, line => line.Contains(access.SecretKey));
        Assert.All(_e2.Requests, request => Assert.Equal(FakeIDriveE2Server.ApiKey, request.Token));
    }
}
