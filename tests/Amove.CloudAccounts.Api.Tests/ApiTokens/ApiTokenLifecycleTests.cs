using System.Net;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Amove.CloudAccounts.Api.Tests.ApiTokens;

[Collection(ApiCollection.Name)]
public sealed class ApiTokenLifecycleTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task A_created_token_works_is_listed_without_secrets_and_is_refused_right_after_its_deletion()
    {
        await api.ConnectS3GenericAsync(_tenant.Owner, "Owned");
        var created = await api.CreateApiTokenAsync(_tenant.Owner, "Nightly sync");
        using var withToken = api.CreateClientWith(created);

        var accounts = await withToken.GetAllDataAsync();
        Assert.Equal("Owned", (string?)Assert.Single(accounts)!["name"]);

        using var owner = api.CreateClientFor(_tenant.Owner);
        var listed = await (await owner.GetAsync(ApiTokenApi.GetAll)).ShouldBeOkJsonObjectAsync();
        var entry = Assert.Single(listed["data"]!.AsArray())!;
        Assert.Equal(["id", "userId", "sessionId", "title", "isEncrypted", "expirationDate", "createDate"], entry.PropertyNames());
        Assert.Equal(created.Id(), Guid.Parse((string)entry["id"]!));
        Assert.Equal("Nightly sync", (string?)entry["title"]);
        Assert.Equal(1, (int?)listed["total"]);

        await (await owner.DeleteAsync(ApiTokenApi.Delete(created.Id()))).ShouldBeOkWithoutBodyAsync();

        await (await withToken.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
        Assert.Empty((await (await owner.GetAsync(ApiTokenApi.GetAll)).ShouldBeOkJsonObjectAsync())["data"]!.AsArray());
    }

    [Fact]
    public async Task The_answer_to_insert_carries_the_token_once_with_the_owners_claims_and_its_session()
    {
        var expiration = new DateTime(DateTime.UtcNow.Year + 1, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        if (expiration > DateTime.UtcNow.AddDays(364))
        {
            expiration = DateTime.UtcNow.AddDays(200).Date;
        }

        var created = await api.CreateApiTokenAsync(_tenant.Owner, "Claims", expirationDate: expiration);

        Assert.Equal(["id", "userId", "sessionId", "title", "isEncrypted", "expirationDate", "createDate", "token"], created.PropertyNames());
        Assert.Equal(expiration, ((DateTime)created["expirationDate"]!).ToUniversalTime());
        Assert.EndsWith("Z", created["expirationDate"]!.ToJsonString().Trim('"'));
        var claims = created.Claims();
        Assert.Equal("amove-api+jwt", claims.Typ);
        Assert.Equal(_tenant.Owner.Id.ToString(), claims.Subject);
        Assert.Equal(_tenant.Owner.AccountId.ToString(), claims.GetClaim("account_id").Value);
        Assert.Equal(((int)_tenant.Owner.UserType).ToString(), claims.GetClaim("user_type").Value);
        Assert.Equal(_tenant.Owner.Email, claims.GetClaim("email").Value);
        Assert.Equal((string?)created["sessionId"], claims.GetClaim("sid").Value);
        Assert.Equal((string?)created["id"], claims.Id);
        Assert.Equal(expiration, claims.ValidTo);
    }

    [Fact]
    public async Task Tokens_are_listed_newest_first_and_can_be_sorted_by_title_and_paged()
    {
        foreach (var title in new[] { "Bravo", "Alpha", "Charlie" })
        {
            await api.CreateApiTokenAsync(_tenant.Owner, title);
        }

        using var owner = api.CreateClientFor(_tenant.Owner);
        var newestFirst = await (await owner.GetAsync(ApiTokenApi.GetAll)).ShouldBeOkJsonObjectAsync();
        Assert.Equal(["Charlie", "Alpha", "Bravo"], newestFirst["data"]!.AsArray().Select(t => (string)t!["title"]!));

        var byTitle = await (await owner.GetAsync($"{ApiTokenApi.GetAll}?sortField=title&pageSize=2&page=2")).ShouldBeOkJsonObjectAsync();
        Assert.Equal(["Charlie"], byTitle["data"]!.AsArray().Select(t => (string)t!["title"]!));
        Assert.Equal(3, (int?)byTitle["total"]);

        var beyond = await (await owner.GetAsync($"{ApiTokenApi.GetAll}?pageSize=1000&page=1000000")).ShouldBeOkJsonObjectAsync();
        Assert.Empty(beyond["data"]!.AsArray());
    }

    [Fact]
    public async Task Nobody_sees_or_revokes_another_users_tokens()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner);
        using var colleague = api.CreateClientFor(_tenant.DesktopAdmin);

        Assert.Empty((await (await colleague.GetAsync(ApiTokenApi.GetAll)).ShouldBeOkJsonObjectAsync())["data"]!.AsArray());
        await (await colleague.DeleteAsync(ApiTokenApi.Delete(created.Id()))).ShouldBeAmoveErrorAsync("Global", "Object not found.");
        await (await colleague.DeleteAsync(ApiTokenApi.Delete(Guid.NewGuid()))).ShouldBeAmoveErrorAsync("Global", "Object not found.");

        using var withToken = api.CreateClientWith(created);
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync(CloudAccountApi.GetAll)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_by_another_instance_that_accepted_it_a_moment_before()
    {
        using var otherInstance = api.WithWebHostBuilder(_ => { });
        var created = await api.CreateApiTokenAsync(_tenant.Owner);
        using var onOther = otherInstance.CreateClientWith(created);
        Assert.Equal(HttpStatusCode.OK, (await onOther.GetAsync(CloudAccountApi.GetAll)).StatusCode);

        using var owner = api.CreateClientFor(_tenant.Owner);
        await (await owner.DeleteAsync(ApiTokenApi.Delete(created.Id()))).ShouldBeOkWithoutBodyAsync();

        await (await onOther.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task A_token_past_its_expiration_date_is_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var clocked = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        }));
        var created = await clocked.CreateApiTokenAsync(_tenant.Owner, expirationDate: clock.GetUtcNow().UtcDateTime.AddHours(1));
        using var withToken = clocked.CreateClientWith(created);
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync(CloudAccountApi.GetAll)).StatusCode);

        clock.Advance(TimeSpan.FromHours(1));

        await (await withToken.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task An_API_token_cannot_create_API_tokens()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner);
        using var withToken = api.CreateClientWith(created);

        await (await withToken.PostJsonAsync(ApiTokenApi.Insert, ApiTokenApi.Token("Offspring"))).ShouldBeAmoveErrorAsync("ACCESS", "sign in");

        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM api_tokens WHERE user_id = $1", _tenant.Owner.Id));
    }

    [Fact]
    public async Task A_token_may_revoke_itself()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner);
        using var withToken = api.CreateClientWith(created);

        await (await withToken.DeleteAsync(ApiTokenApi.Delete(created.Id()))).ShouldBeOkWithoutBodyAsync();

        await (await withToken.GetAsync(ApiTokenApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task A_token_acts_with_the_owners_current_user_type_not_the_one_it_was_minted_with()
    {
        await api.ConnectS3GenericAsync(_tenant.Owner, "Shared by a colleague", shared: true);
        var created = await api.CreateApiTokenAsync(_tenant.DesktopAdmin);
        using var withToken = api.CreateClientWith(created);
        Assert.Single(await withToken.GetAllDataAsync());

        // The identity provider demoted the user; the token must not keep the old rights.
        await api.ScalarAsync<int>("UPDATE users SET user_type = 64 WHERE id = $1", _tenant.DesktopAdmin.Id);

        Assert.Empty(await withToken.GetAllDataAsync());
    }

    [Fact]
    public async Task The_token_of_a_deactivated_user_is_refused_as_inactive()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner);
        await api.ScalarAsync<int>("UPDATE users SET active = false WHERE id = $1", _tenant.Owner.Id);
        using var withToken = api.CreateClientWith(created);

        await (await withToken.GetAsync(ApiTokenApi.GetAll)).ShouldBeAmoveErrorAsync("INACTIVE_USER");
    }
}
