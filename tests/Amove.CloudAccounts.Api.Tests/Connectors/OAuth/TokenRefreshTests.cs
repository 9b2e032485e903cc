using System.Data.Common;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Connectors.Dropbox;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.Connectors.OAuth;

/// <summary>
/// OAuth token renewal as a user lives it, through the API against <see cref="FakeDropbox"/>: an expired or refused access
/// token is renewed once and the call goes through; renewals of one account happen one at a time, across requests and
/// instances; a rotated refresh token is never lost, not even when its save fails; a revoked one asks to reconnect.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TokenRefreshTests(CloudAccountsApiFactory api, FakeDropboxServer server) : IClassFixture<FakeDropboxServer>, IDisposable
{
    private readonly TestTenant _tenant = new();
    private readonly FakeDropbox _dropbox = server.Fake;
    private readonly List<IDisposable> _apps = [];

    private WebApplicationFactory<Program> App(Action<IServiceCollection>? services = null, WebApplicationFactory<Program>? basedOn = null)
    {
        var app = (basedOn ?? api).WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in _dropbox.Settings)
            {
                builder.UseSetting(key, value);
            }

            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });
        _apps.Add(app);
        return app;
    }

    private static object DropboxAccount(string credentialsData) => new { cloudType = (int)CloudProvider.Dropbox, name = "My Dropbox", credentialsData };

    private async Task<Guid> ConnectAsync(WebApplicationFactory<Program> app, FakeDropboxUser user)
    {
        using var client = app.CreateClientFor(_tenant.Owner);
        var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, DropboxAccount(user.CredentialsData()))).ShouldBeOkJsonObjectAsync();
        return Guid.Parse((string)created["id"]!);
    }

    /// <summary>
    /// An account whose stored access token expired an hour ago, as far as both the service and Dropbox know: the service
    /// must renew it before anything else.
    /// </summary>
    private async Task<Guid> ConnectExpiredAsync(WebApplicationFactory<Program> app, FakeDropboxUser user)
    {
        var id = await ConnectAsync(app, user);
        await StoreAsync(app, id, user.CredentialsData(expiresAt: DateTimeOffset.UtcNow.AddHours(-1)));
        user.ExpireAccessToken();
        return id;
    }

    // The stored tokens are encrypted by the app's own DbContext: a test reads and writes them through it.
    private static async Task StoreAsync(WebApplicationFactory<Program> app, Guid id, string credentialsData)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        var account = await db.CloudAccounts.IgnoreQueryFilters().SingleAsync(a => a.Id == id);
        account.CredentialsData = credentialsData;
        await db.SaveChangesAsync();
    }

    private static async Task<JsonObject> StoredAsync(WebApplicationFactory<Program> app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        var json = await db.CloudAccounts.IgnoreQueryFilters().AsNoTracking().Where(a => a.Id == id).Select(a => a.CredentialsData).SingleAsync();
        return JsonNode.Parse(json!)!.AsObject();
    }

    private async Task<string> RawColumnAsync(Guid id) =>
        (await api.ScalarAsync<string>("SELECT credentials_data FROM cloud_accounts WHERE id = $1", id))!;

    private static Task<HttpResponseMessage> ListRootAsync(HttpClient client, Guid id) =>
        client.PostJsonAsync(CloudAccountApi.ListObjects, new { cloudAccountId = id, id = "root" });

    private static FakeDropboxRequest[] Listings(FakeDropboxUser user) => [.. user.Requests.Where(r => r.Path.StartsWith("/2/files/list_folder", StringComparison.Ordinal))];

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_and_the_new_tokens_are_stored_encrypted_and_used()
    {
        var app = App();
        var user = _dropbox.CreateUser(["a.txt"]);
        var id = await ConnectExpiredAsync(app, user);
        var refreshToken = user.RefreshToken;
        using var client = app.CreateClientFor(_tenant.Owner);

        var body = await (await ListRootAsync(client, id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["a.txt"], body.Paths());
        var refresh = Assert.Single(user.TokenCalls);
        Assert.Equal("refresh_token", refresh.Form!["grant_type"]);
        Assert.Equal(refreshToken, refresh.Form["refresh_token"]);
        Assert.Equal(FakeDropbox.ClientId, refresh.Form["client_id"]);
        Assert.Equal(FakeDropbox.ClientSecret, refresh.Form["client_secret"]);

        // Renewed before the call: Dropbox never saw the expired token, only the new one.
        Assert.All(Listings(user), listing => Assert.Equal("Bearer " + user.AccessToken, listing.Authorization));
        var stored = await StoredAsync(app, id);
        Assert.Equal(user.AccessToken, (string?)stored["access_token"]);
        Assert.Equal(refreshToken, (string?)stored["refresh_token"]);
        Assert.True(DateTimeOffset.Parse((string)stored["expires_at"]!) > DateTimeOffset.UtcNow.AddHours(3), "The renewed expiry was not stored.");
        var raw = await RawColumnAsync(id);
        Assert.DoesNotContain(user.AccessToken, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(refreshToken, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_answered_401_is_refreshed_once_and_the_call_sent_once_more()
    {
        var app = App();
        var user = _dropbox.CreateUser(["a.txt"]);
        var id = await ConnectAsync(app, user);
        var revoked = user.AccessToken;
        user.ExpireAccessToken();
        using var client = app.CreateClientFor(_tenant.Owner);

        var body = await (await ListRootAsync(client, id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["a.txt"], body.Paths());
        Assert.Single(user.TokenCalls);
        Assert.Equal(["Bearer " + revoked, "Bearer " + user.AccessToken], Listings(user).Select(listing => listing.Authorization));
        Assert.Equal(user.AccessToken, (string?)(await StoredAsync(app, id))["access_token"]);
    }

    [Fact]
    public async Task Twenty_concurrent_listings_of_an_expired_account_refresh_it_once()
    {
        var app = App();
        var user = _dropbox.CreateUser(["a.txt"]);
        var id = await ConnectExpiredAsync(app, user);
        using var client = app.CreateClientFor(_tenant.Owner);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ListRootAsync(client, id)));

        foreach (var response in responses)
        {
            Assert.Equal(["a.txt"], (await response.ShouldBeOkJsonObjectAsync()).Paths());
        }

        Assert.Single(user.TokenCalls);
        Assert.All(Listings(user), listing => Assert.Equal("Bearer " + user.AccessToken, listing.Authorization));
    }

    [Fact]
    public async Task Two_instances_on_one_database_refresh_an_expired_account_once()
    {
        // Each host has its own token keeper: only the database lock can keep them from refreshing twice.
        var first = App();
        var second = App();
        var user = _dropbox.CreateUser(["a.txt"]);
        var id = await ConnectExpiredAsync(first, user);
        using var one = first.CreateClientFor(_tenant.Owner);
        using var other = second.CreateClientFor(_tenant.Owner);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => ListRootAsync(i % 2 == 0 ? one : other, id)));

        foreach (var response in responses)
        {
            await response.ShouldBeOkJsonObjectAsync();
        }

        Assert.Single(user.TokenCalls);
    }

    [Fact]
    public async Task A_rotated_refresh_token_is_stored_and_used_for_the_next_refresh()
    {
        var app = App();
        var user = _dropbox.CreateUser(["a.txt"]);
        user.RotateRefreshTokens = true;
        var id = await ConnectExpiredAsync(app, user);
        var original = user.RefreshToken;
        using var client = app.CreateClientFor(_tenant.Owner);
        await (await ListRootAsync(client, id)).ShouldBeOkJsonObjectAsync();
        var rotated = user.RefreshToken;
        Assert.Equal(rotated, (string?)(await StoredAsync(app, id))["refresh_token"]);

        user.ExpireAccessToken();
        await (await ListRootAsync(client, id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal([original, rotated], user.TokenCalls.Select(call => call.Form!["refresh_token"]));
        Assert.Empty(_dropbox.TokenCallsWithUnknownRefreshToken);
        Assert.Equal(user.RefreshToken, (string?)(await StoredAsync(app, id))["refresh_token"]);
        Assert.DoesNotContain(user.RefreshToken, await RawColumnAsync(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_refused_with_invalid_grant_asks_to_reconnect_and_is_not_retried()
    {
        var app = App();
        var user = _dropbox.CreateUser(["a.txt"]);
        var id = await ConnectExpiredAsync(app, user);
        user.RevokedRefreshTokens = true;
        using var client = app.CreateClientFor(_tenant.Owner);

        await (await ListRootAsync(client, id)).ShouldBeAmoveErrorAsync("ACCESS", "reconnect the account");

        Assert.Single(user.TokenCalls);
        Assert.Empty(Listings(user));
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_a_revoked_refresh_token_each_try_at_most_once()
    {
        var app = App();
        var user = _dropbox.CreateUser(["a.txt"]);
        var id = await ConnectExpiredAsync(app, user);
        user.RevokedRefreshTokens = true;
        using var client = app.CreateClientFor(_tenant.Owner);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ListRootAsync(client, id)));

        foreach (var response in responses)
        {
            await response.ShouldBeAmoveErrorAsync("ACCESS", "reconnect the account");
        }

        // A refused refresh is not remembered (the user may reconnect at any moment), so each request that reaches the
        // lock may ask once; none asks twice, and none retries its call.
        Assert.InRange(user.TokenCalls.Count, 1, 20);
        Assert.Empty(Listings(user));
    }

    [Fact]
    public async Task A_crash_between_the_refresh_and_its_save_loses_no_rotated_refresh_token()
    {
        var crash = new FailingCredentialsSave();
        var app = App(services => services.ConfigureDbContext<Core.Data.Postgres.PostgresCloudAccountsDbContext>(db => db.AddInterceptors(crash)));
        var user = _dropbox.CreateUser(["a.txt"]);
        user.RotateRefreshTokens = true;
        var id = await ConnectExpiredAsync(app, user);
        var retired = user.RefreshToken;
        using var client = app.CreateClientFor(_tenant.Owner);
        crash.Arm();

        // The refresh succeeds at Dropbox (which retires the old refresh token) and the save of its result fails.
        var first = await (await ListRootAsync(client, id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(1, crash.Failures);
        Assert.Equal(["a.txt"], first.Paths());
        Assert.Single(user.TokenCalls);
        Assert.Equal(retired, (string?)(await StoredAsync(app, id))["refresh_token"]);
        var unsaved = user.RefreshToken;

        user.ExpireAccessToken();
        await (await ListRootAsync(client, id)).ShouldBeOkJsonObjectAsync();

        // The next renewal used the refresh token the failed save held, never the retired one, and stored its result.
        Assert.Equal([retired, unsaved], user.TokenCalls.Select(call => call.Form!["refresh_token"]));
        Assert.Empty(_dropbox.TokenCallsWithUnknownRefreshToken);
        var stored = await StoredAsync(app, id);
        Assert.Equal(user.RefreshToken, (string?)stored["refresh_token"]);
        Assert.Equal(user.AccessToken, (string?)stored["access_token"]);
    }

    [Fact]
    public async Task Insert_stores_expires_in_as_an_absolute_expiry()
    {
        // A whole second, as the stored expiry is written.
        var now = DateTimeOffset.UtcNow;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        var app = App(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        });
        var user = _dropbox.CreateUser([]);

        var id = await ConnectAsync(app, user);

        var stored = await StoredAsync(app, id);
        Assert.Equal((now + TimeSpan.FromSeconds(user.ExpiresIn)).UtcDateTime, DateTimeOffset.Parse((string)stored["expires_at"]!).UtcDateTime);
        Assert.False(stored.ContainsKey("expires_in"), "expires_in was stored, which means nothing once time has passed.");
        Assert.Equal($"dbid:{user.HomeNamespaceId}", (string?)stored["account_id"]);
    }

    [Fact]
    public async Task A_429_with_Retry_After_1_is_retried_once_transparently()
    {
        var app = App();
        var user = _dropbox.CreateUser(["a.txt"]);
        var id = await ConnectAsync(app, user);
        var throttled = 0;
        user.Intercept = request => request.Path == "/2/files/list_folder" && Interlocked.Increment(ref throttled) == 1
            ? new FakeDropboxAnswer(429, "too_many_requests", ("Retry-After", "1"))
            : null;
        using var client = app.CreateClientFor(_tenant.Owner);

        var body = await (await ListRootAsync(client, id)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(["a.txt"], body.Paths());
        Assert.Equal(2, Listings(user).Length);
        Assert.Empty(user.TokenCalls);
    }

    [Fact]
    public async Task A_provider_answering_500_every_time_is_retried_a_bounded_number_of_times_then_INTERNAL_ERROR()
    {
        var app = App();
        var user = _dropbox.CreateUser(["a.txt"]);
        var id = await ConnectAsync(app, user);
        user.Intercept = request => request.Path == "/2/files/list_folder" ? new FakeDropboxAnswer(500, "internal_error") : null;
        using var client = app.CreateClientFor(_tenant.Owner);

        await (await ListRootAsync(client, id)).ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "server error");

        var maxRetries = app.Services.GetRequiredService<IOptions<ConnectorsOptions>>().Value.MaxRetries;
        Assert.Equal(1 + maxRetries, Listings(user).Length);
    }

    [Fact]
    public async Task A_hanging_listing_is_INTERNAL_ERROR_once_the_configured_timeout_has_passed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var app = App(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        });
        using var impatient = app.WithWebHostBuilder(builder => builder.UseSetting("Connectors:TimeoutSeconds", "2"));
        var user = _dropbox.CreateUser(["a.txt"]);
        var id = await ConnectAsync(impatient, user);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        user.Intercept = request =>
        {
            if (request.Path != "/2/files/list_folder")
            {
                return null;
            }

            reached.TrySetResult();
            return new FakeDropboxHang();
        };
        using var client = impatient.CreateClientFor(_tenant.Owner);

        var call = ListRootAsync(client, id);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(call.IsCompleted, "The call ended before its timeout.");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        await (await call).ShouldBeAmoveErrorAsync("INTERNAL_ERROR", "did not answer within the 2-second limit");
        Assert.Single(Listings(user));
    }

    [Fact]
    public async Task No_token_old_or_renewed_appears_in_any_log_line()
    {
        var logs = new CapturingLoggerProvider();
        var crash = new FailingCredentialsSave();
        using var app = App(services => services.ConfigureDbContext<Core.Data.Postgres.PostgresCloudAccountsDbContext>(db => db.AddInterceptors(crash)))
            .WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFilter(_ => true).AddProvider(logs)));
        var user = _dropbox.CreateUser(["a.txt"]);
        user.RotateRefreshTokens = true;
        var id = await ConnectAsync(app, user);
        var tokens = new List<string> { user.AccessToken, user.RefreshToken };
        using var client = app.CreateClientFor(_tenant.Owner);

        // A renewal after a 401 whose save fails (logged as a warning), then one that is saved.
        user.ExpireAccessToken();
        crash.Arm();
        await (await ListRootAsync(client, id)).ShouldBeOkJsonObjectAsync();
        tokens.AddRange([user.AccessToken, user.RefreshToken]);
        user.ExpireAccessToken();
        await (await ListRootAsync(client, id)).ShouldBeOkJsonObjectAsync();
        tokens.AddRange([user.AccessToken, user.RefreshToken]);

        Assert.Equal(2, user.TokenCalls.Count);
        Assert.Equal(1, crash.Failures);
        Assert.NotEmpty(logs.Lines);
        Assert.All(tokens, token => Assert.DoesNotContain(logs.Lines, line => line.Contains(token, StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        foreach (var app in _apps)
        {
            app.Dispose();
        }
    }

    /// <summary>Fails the next UPDATE that writes credentials, once armed: a crash between a refresh and its save.</summary>
    private sealed class FailingCredentialsSave : DbCommandInterceptor
    {
        private int _armed;
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public void Arm() => Volatile.Write(ref _armed, 1);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains("credentials_data", StringComparison.Ordinal)
                && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                Interlocked.Increment(ref _failures);
                throw new Npgsql.NpgsqlException("Simulated crash before the renewed tokens were saved.");
            }

            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
