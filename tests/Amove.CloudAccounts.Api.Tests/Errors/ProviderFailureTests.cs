using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.Errors;

/// <summary>A provider's failure is the client's 499 with the provider's reason: never our 401, never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProviderFailureTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    private async Task<HttpResponseMessage> InsertAgainstAsync(LoopbackHttpServer provider)
    {
        using var allowing = api.WithAllowedHost(provider.HostAndPort);
        using var client = allowing.CreateClientFor(_tenant.Owner);
        return await client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Misbehaving provider",
            accessKey = "AKIAEXAMPLE",
            secretKey = "secret",
            serviceUrl = provider.Url,
        });
    }

    [Fact]
    public async Task A_throttling_provider_is_INTERNAL_ERROR_with_its_Retry_After_passed_on()
    {
        await using var provider = LoopbackHttpServer.AnsweringS3Error(503, "Slow Down", "SlowDown", "Please reduce your request rate.", "Retry-After: 7");

        var response = await InsertAgainstAsync(provider);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "SlowDown");
        Assert.Equal("7", Assert.Single(response.Headers.GetValues("Retry-After")));
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_provider_that_answers_401_is_ACCESS_not_our_401()
    {
        await using var provider = LoopbackHttpServer.AnsweringS3Error(401, "Unauthorized", "InvalidToken", "The provided token is malformed.");

        var response = await InsertAgainstAsync(provider);

        await response.ShouldBeAmoveErrorAsync("ACCESS", "InvalidToken");
    }

    [Fact]
    public async Task A_provider_server_error_is_INTERNAL_ERROR()
    {
        await using var provider = LoopbackHttpServer.AnsweringS3Error(500, "Internal Server Error", "InternalError", "We encountered an internal error.");

        var response = await InsertAgainstAsync(provider);

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR");
        Assert.True(provider.Requests >= 1);
    }

    [Fact]
    public async Task A_provider_that_never_answers_is_INTERNAL_ERROR_once_the_configured_timeout_has_passed()
    {
        await using var provider = LoopbackHttpServer.NeverAnswering();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var impatient = api.WithWebHostBuilder(builder => builder
            .UseSetting("Outbound:AllowedHosts:2", provider.HostAndPort)
            .UseSetting("Connectors:TimeoutSeconds", "1")
            .ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            }));
        using var client = impatient.CreateClientFor(_tenant.Owner);

        var call = client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Hanging provider",
            accessKey = "AKIAEXAMPLE",
            secretKey = "secret",
            serviceUrl = provider.Url,
        });
        await provider.WaitUntilAsync(p => p.Requests == 1, "the request");
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(call.IsCompleted, "The call ended before its timeout.");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var response = await call;

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "did not answer within the 1-second limit");
        await provider.WaitUntilAsync(p => p.Abandoned == 1, "the connection dropped");
        Assert.Equal(1, provider.Requests);
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_caller_who_gives_up_cancels_the_provider_call()
    {
        await using var provider = LoopbackHttpServer.NeverAnswering();
        using var allowing = api.WithAllowedHost(provider.HostAndPort);
        using var client = allowing.CreateClientFor(_tenant.Owner);
        using var givingUp = new CancellationTokenSource();

        var call = client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Abandoned",
            accessKey = "AKIAEXAMPLE",
            secretKey = "secret",
            serviceUrl = provider.Url,
        }, givingUp.Token);
        await provider.WaitUntilAsync(p => p.Requests == 1, "the request");
        await givingUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        // The configured timeout (10 s here) has not passed: only the caller's cancellation can drop the connection.
        await provider.WaitUntilAsync(p => p.Abandoned == 1, "the connection dropped");
        Assert.Equal(1, provider.Requests);
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Fact]
    public async Task A_bug_is_a_500_without_a_body()
    {
        using var buggy = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddKeyedSingleton<IStorageConnector>(CloudProvider.S3Generic, new ThrowingConnector())));
        using var client = buggy.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount());

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.False(response.Headers.Contains("error-code"));
    }

    private sealed class ThrowingConnector : IStorageConnector
    {
        public Task ValidateCredentialsAsync(StorageCredentials credentials, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A bug in a connector.");

        public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(StorageCredentials credentials, BucketListRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A bug in a connector.");

        public Task<StorageObjectPage> ListObjectsAsync(StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A bug in a connector.");
    }
}
