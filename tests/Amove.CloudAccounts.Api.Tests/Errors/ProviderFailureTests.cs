using System.Diagnostics;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Amove.CloudAccounts.TestSupport;

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
    public async Task A_provider_that_never_answers_is_INTERNAL_ERROR_after_the_configured_timeout()
    {
        await using var provider = LoopbackHttpServer.NeverAnswering();
        using var impatient = api.WithWebHostBuilder(builder => builder
            .UseSetting("Outbound:AllowedHosts:1", provider.HostAndPort)
            .UseSetting("Connectors:TimeoutSeconds", "1"));
        using var client = impatient.CreateClientFor(_tenant.Owner);
        var started = Stopwatch.StartNew();

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, new
        {
            cloudType = 8,
            name = "Hanging provider",
            accessKey = "AKIAEXAMPLE",
            secretKey = "secret",
            serviceUrl = provider.Url,
        });

        await response.ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "did not answer within the 1-second limit");
        // One second per operation, retries included; generous slack for a loaded machine.
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8));
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
        await WaitUntilAsync(() => provider.Requests == 1);
        await givingUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        // The default timeout is 30 s; the provider sees the connection dropped long before that.
        await WaitUntilAsync(() => provider.Abandoned == 1);
        Assert.Equal(1, provider.Requests);
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10); waited += TimeSpan.FromMilliseconds(20))
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The condition did not become true within 10 seconds.");
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

        public Task<IReadOnlyList<StorageBucket>> ListBucketsAsync(StorageCredentials credentials, bool includeRegion, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A bug in a connector.");

        public Task<StorageObjectPage> ListObjectsAsync(StorageCredentials credentials, ObjectListRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A bug in a connector.");
    }
}
