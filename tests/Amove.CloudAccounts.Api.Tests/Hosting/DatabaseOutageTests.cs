using System.Net;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>
/// The API's database goes away and comes back (through a relay the test cuts: every connection reset, new ones refused,
/// as when PostgreSQL stops) while the API keeps running.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DatabaseOutageTests(CloudAccountsApiFactory api) : IAsyncLifetime
{
    private readonly TestTenant _tenant = new();
    private TcpRelay _relay = null!;
    private WebApplicationFactory<Program> _relayed = null!;

    public Task InitializeAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(api.ConnectionString);
        _relay = new TcpRelay(database.Host!, database.Port);
        database.Host = "127.0.0.1";
        database.Port = _relay.Port;
        database.Timeout = 5;
        _relayed = api.WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:CloudAccounts", database.ConnectionString)
            .UseSetting("Database:MaxRetryCount", "1")
            .UseSetting("Database:MaxRetryDelayMilliseconds", "50")
            .UseSetting("Health:ReadyCacheSeconds", "0"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _relayed.DisposeAsync();
        await _relay.DisposeAsync();
    }

    [Fact]
    public async Task During_an_outage_requests_fail_with_DB_codes_and_readiness_says_so_then_both_recover_without_a_restart()
    {
        using var client = Client();
        using var probe = _relayed.CreateClientWithToken(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(CloudAccountApi.GetAll)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);

        _relay.Cut();

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeAmoveErrorAsync("DB_UPDATE", "database is unavailable");
        await (await client.PostJsonAsync(CloudAccountApi.Insert, Account("During the outage"))).ShouldBeAmoveErrorAsync("DB_INSERT");
        await (await client.DeleteAsync(CloudAccountApi.Delete(Guid.NewGuid()))).ShouldBeAmoveErrorAsync("DB_DELETE");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probe.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/live")).StatusCode);

        _relay.Restore();

        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready")).StatusCode);
        await (await client.PostJsonAsync(CloudAccountApi.Insert, Account("After the outage"))).ShouldBeOkJsonObjectAsync();
        var names = (await client.GetAllDataAsync()).Select(a => (string?)a!["name"]).ToList();
        Assert.Equal(["After the outage"], names);
    }

    [Fact]
    public async Task Writes_answered_200_before_and_after_an_outage_are_stored_once_and_refused_ones_not_at_all()
    {
        using var client = Client();
        var answers = new List<(string Name, HttpStatusCode Status)>();
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 3; i++)
            {
                var name = $"Round {round} #{i}";
                using var response = await client.PostJsonAsync(CloudAccountApi.Insert, Account(name));
                answers.Add((name, response.StatusCode));
            }

            if (round == 0)
            {
                _relay.Cut();
            }
            else
            {
                _relay.Restore();
            }
        }

        var stored = (await client.GetAllDataAsync()).Select(a => (string)a!["name"]!).ToList();
        Assert.Equal(stored.Distinct().Count(), stored.Count);
        Assert.Equal(answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Name).Order(), stored.Order());
        Assert.Equal(6, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(3, answers.Count(a => (int)a.Status == 499));
    }

    private HttpClient Client()
    {
        var client = _relayed.CreateClientFor(_tenant.Owner);

        // A cap, not a measurement: a request that hangs on the missing database fails the test instead of stalling it.
        client.Timeout = TimeSpan.FromSeconds(30);
        return client;
    }

    private object Account(string name) => new
    {
        cloudType = 8,
        name,
        accessKey = TestEnvironment.S3AccessKey,
        secretKey = TestEnvironment.S3SecretKey,
        serviceUrl = api.S3.Url,
    };
}
