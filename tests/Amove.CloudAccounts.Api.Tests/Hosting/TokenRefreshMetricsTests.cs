using Amove.CloudAccounts.Api.Tests.Connectors.Dropbox;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Core.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>Token refreshes at an OAuth provider (the Dropbox fake), as the operator's scrape counts them.</summary>
[Collection(ApiCollection.Name)]
public sealed class TokenRefreshMetricsTests(CloudAccountsApiFactory api, FakeDropboxServer server) : IClassFixture<FakeDropboxServer>, IDisposable
{
    private readonly TestTenant _tenant = new();
    private readonly FakeDropbox _dropbox = server.Fake;
    private readonly WebApplicationFactory<Program> _app = api.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Telemetry:Metrics:Enabled", "true");
        foreach (var (key, value) in server.Fake.Settings)
        {
            builder.UseSetting(key, value);
        }
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Refreshes_are_counted_by_provider_and_outcome_without_any_token_in_the_labels()
    {
        var renewed = _dropbox.CreateUser(["a.txt"]);
        var revoked = _dropbox.CreateUser(["b.txt"]);
        var renewedId = await ConnectExpiredAsync(renewed);
        var revokedId = await ConnectExpiredAsync(revoked);
        revoked.RevokedRefreshTokens = true;
        using var client = _app.CreateClientFor(_tenant.Owner);
        using var scraper = _app.CreateClient();
        var before = await TelemetryTests.ScrapeAsync(scraper);

        await (await ListRootAsync(client, renewedId)).ShouldBeOkJsonObjectAsync();
        await (await ListRootAsync(client, revokedId)).ShouldBeAmoveErrorAsync("ACCESS", "reconnect the account");
        var after = await TelemetryTests.ScrapeAsync(scraper);

        Assert.True(Refreshes(after, "success") >= Refreshes(before, "success") + 1, "The successful refresh was not counted.");
        Assert.True(Refreshes(after, "access_denied") >= Refreshes(before, "access_denied") + 1, "The refused refresh was not counted.");
        foreach (var token in new[] { renewed.AccessToken, renewed.RefreshToken, revoked.RefreshToken })
        {
            Assert.DoesNotContain(token, after, StringComparison.Ordinal);
        }
    }

    private static double Refreshes(string scrape, string outcome) => TelemetryTests.Series(scrape, "amove_oauth_token_refreshes_total")
        .Where(series => series.Labels.GetValueOrDefault("provider") == nameof(CloudProvider.Dropbox) && series.Labels.GetValueOrDefault("outcome") == outcome)
        .Sum(series => series.Value);

    private static Task<HttpResponseMessage> ListRootAsync(HttpClient client, Guid id) =>
        client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = "root" });

    /// <summary>An account whose stored access token expired an hour ago, as far as both the service and Dropbox know.</summary>
    private async Task<Guid> ConnectExpiredAsync(FakeDropboxUser user)
    {
        using var client = _app.CreateClientFor(_tenant.Owner);
        var created = await (await client.PostJsonAsync(
            CloudAccountApi.Insert,
            new { cloudType = (int)CloudProvider.Dropbox, name = "My Dropbox", credentialsData = user.CredentialsData() })).ShouldBeOkJsonObjectAsync();
        var id = Guid.Parse((string)created["id"]!);

        // The stored tokens are encrypted by the app's own DbContext: the test writes them through it.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
            var account = await db.CloudAccounts.IgnoreQueryFilters().SingleAsync(a => a.Id == id);
            account.CredentialsData = user.CredentialsData(expiresAt: DateTimeOffset.UtcNow.AddHours(-1));
            await db.SaveChangesAsync();
        }

        user.ExpireAccessToken();
        return id;
    }
}
