using System.Net;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Api.Tests.Identity;

[Collection(ApiCollection.Name)]
public sealed class UserDirectoryTests(CloudAccountsApiFactory api)
{
    [Fact]
    public async Task Simultaneous_first_requests_of_one_user_under_two_accounts_let_only_one_account_in()
    {
        // The race needs both requests in flight before either has recorded the user; several rounds make that
        // certain in practice, and whichever way each round goes, exactly one account may be the user's.
        const int Rounds = 12;
        for (var round = 0; round < Rounds; round++)
        {
            var userId = Guid.NewGuid();
            var first = new TestUser(userId, Guid.NewGuid(), UserType.DesktopAdmin, "first@amove.test");
            var second = first with { AccountId = Guid.NewGuid() };
            using var firstClient = api.CreateClientFor(first);
            using var secondClient = api.CreateClientFor(second);

            var responses = await Task.WhenAll(firstClient.GetAsync(CloudAccountApi.GetAll), secondClient.GetAsync(CloudAccountApi.GetAll));

            var recordedAccount = await api.ScalarAsync<Guid>("SELECT account_id FROM users WHERE id = $1", userId);
            var (admitted, refused) = recordedAccount == first.AccountId ? (responses[0], responses[1]) : (responses[1], responses[0]);
            Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
            await refused.ShouldBeAmoveErrorAsync("ACCESS");
        }
    }

    [Fact]
    public async Task A_user_deactivated_between_two_get_all_calls_is_refused_on_the_second_although_accounts_are_listed()
    {
        var (owner, userId) = await OwnerWhoListedOneAccountAsync();
        using var _ = owner;
        await api.ScalarAsync<object>("UPDATE users SET active = false WHERE id = $1", userId);

        var response = await owner.GetAsync(CloudAccountApi.GetAll);

        await response.ShouldBeAmoveErrorAsync("INACTIVE_USER");
    }

    [Fact]
    public async Task A_user_moved_to_another_account_by_an_operator_no_longer_lists_the_old_accounts_cloud_accounts()
    {
        var (owner, userId) = await OwnerWhoListedOneAccountAsync();
        using var _ = owner;
        var otherAccount = Guid.NewGuid();
        await api.ScalarAsync<object>("INSERT INTO accounts (id, created_at) VALUES ($1, now())", otherAccount);
        await api.ScalarAsync<object>("UPDATE users SET account_id = $1 WHERE id = $2", otherAccount, userId);

        var response = await owner.GetAsync(CloudAccountApi.GetAll);

        await response.ShouldBeAmoveErrorAsync("ACCESS");
    }

    /// <summary>An owner with one cloud account, already listed once, so the service has recorded them.</summary>
    private async Task<(HttpClient Owner, Guid UserId)> OwnerWhoListedOneAccountAsync()
    {
        var tenant = new TestTenant();
        await api.ConnectS3GenericAsync(tenant.Owner, "Listed once");
        var owner = api.CreateClientFor(tenant.Owner);
        Assert.Single(await owner.GetAllDataAsync());
        return (owner, tenant.Owner.Id);
    }
}
