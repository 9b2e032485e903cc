using System.Data.Common;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Amove.CloudAccounts.Api.Tests.Controllers.CloudAccount;

[Collection(ApiCollection.Name)]
public sealed class DeleteTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task The_owner_deletes_an_account_which_is_soft_deleted_and_answers_true()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var owner = api.CreateClientFor(_tenant.Owner);

        var response = await owner.DeleteAsync(CloudAccountApi.Delete(id));

        Assert.Equal("true", (await response.ShouldBeOkJsonAsync()).ToJsonString());
        Assert.NotNull(await api.ScalarAsync<DateTime?>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id));
        Assert.Empty(await owner.GetAllDataAsync());
    }

    [Fact]
    public async Task A_deleted_account_cannot_be_deleted_again()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner);
        using var owner = api.CreateClientFor(_tenant.Owner);
        await (await owner.DeleteAsync(CloudAccountApi.Delete(id))).ShouldBeOkJsonAsync();
        var deletedAt = await api.ScalarAsync<DateTime>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id);

        var response = await owner.DeleteAsync(CloudAccountApi.Delete(id));

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
        Assert.Equal(deletedAt, await api.ScalarAsync<DateTime>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id));
    }

    [Fact]
    public async Task A_desktop_admin_deletes_an_account_shared_within_their_amove_account()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: true);
        using var admin = api.CreateClientFor(_tenant.DesktopAdmin);

        var response = await admin.DeleteAsync(CloudAccountApi.Delete(id));

        Assert.Equal("true", (await response.ShouldBeOkJsonAsync()).ToJsonString());
    }

    [Fact]
    public async Task A_desktop_creative_user_sees_a_shared_account_but_may_not_delete_it()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: true);
        using var creative = api.CreateClientFor(_tenant.DesktopCreativeUser);

        var response = await creative.DeleteAsync(CloudAccountApi.Delete(id));

        await response.ShouldBeAmoveErrorAsync("ACCESS");
        Assert.Null(await api.ScalarAsync<DateTime?>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id));
    }

    [Theory]
    [InlineData(nameof(TestTenant.DesktopStandardUser), true)]
    [InlineData(nameof(TestTenant.DesktopAdmin), false)]
    [InlineData(nameof(TestTenant.DesktopCreativeUser), false)]
    [InlineData(nameof(TestTenant.OtherAccountAdmin), true)]
    public async Task A_user_who_cannot_see_the_account_is_told_it_does_not_exist(string who, bool shared)
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: shared);
        using var client = api.CreateClientFor(_tenant.Pick(who));

        var response = await client.DeleteAsync(CloudAccountApi.Delete(id));

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
        Assert.Null(await api.ScalarAsync<DateTime?>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id));
    }

    [Fact]
    public async Task An_id_that_never_existed_is_Object_not_found()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.DeleteAsync(CloudAccountApi.Delete(Guid.NewGuid()));

        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
    }

    [Theory]
    [InlineData("?id=not-a-uuid", "'id'")]
    [InlineData("?id=", "'id'")]
    [InlineData("", "'id' is required")]
    public async Task A_missing_or_malformed_id_is_a_499_DEFAULT(string query, string fragment)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.DeleteAsync($"{CloudAccountApi.Prefix}/delete{query}");

        await response.ShouldBeAmoveErrorAsync("DEFAULT", fragment);
    }

    [Fact]
    public async Task A_share_withdrawn_while_a_desktop_admins_delete_is_in_flight_stops_the_delete()
    {
        var id = await api.ConnectS3GenericAsync(_tenant.Owner, shared: true);
        var withdrawShare = new BeforeSoftDelete(() => api.ScalarAsync<object>("UPDATE cloud_accounts SET shared = false WHERE id = $1", id));
        await using var racingApi = api.WithDbInterceptor(withdrawShare);
        using var admin = racingApi.CreateClientFor(_tenant.DesktopAdmin);

        var response = await admin.DeleteAsync(CloudAccountApi.Delete(id));

        // Unshared, the account is no longer the admin's to see at all.
        Assert.Equal(1, withdrawShare.Runs);
        await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
        Assert.Null(await api.ScalarAsync<DateTime?>("SELECT deleted_at FROM cloud_accounts WHERE id = $1", id));
    }

    /// <summary>Runs an action once, just before the statement that soft-deletes a cloud account is sent.</summary>
    private sealed class BeforeSoftDelete(Func<Task> action) : DbCommandInterceptor
    {
        public int Runs { get; private set; }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Runs == 0 && command.CommandText.Contains("UPDATE cloud_accounts", StringComparison.Ordinal)
                && command.CommandText.Contains("deleted_at", StringComparison.Ordinal))
            {
                Runs++;
                await action();
            }

            return result;
        }
    }
}
