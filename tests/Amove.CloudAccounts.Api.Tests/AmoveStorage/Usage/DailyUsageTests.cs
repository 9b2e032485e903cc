using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage.Usage;

/// <summary>
/// idrive_get_daily_usage through the HTTP API, over usage samples written directly at moments relative to the
/// host's (fake, unmoving) clock.
/// </summary>
public sealed class DailyUsageTests(UsageApiFactory api) : IClassFixture<UsageApiFactory>
{
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    [Fact]
    public async Task A_user_without_hosted_storage_uses_zero_bytes_in_every_tier_and_in_all()
    {
        using var client = api.CreateClientFor(NewUser());

        Assert.Equal(0, await DailyUsageAsync(client, StorageTier.All));
        Assert.Equal(0, await DailyUsageAsync(client, StorageTier.Perform));
    }

    [Fact]
    public async Task The_daily_usage_of_a_tier_is_its_highest_sample_of_the_last_24_hours()
    {
        var user = NewUser();
        using var client = api.CreateClientFor(user);
        await DailyUsageAsync(client, StorageTier.All); // records the user, as any first request does
        var perform = await api.AddSubscriptionAsync(user, StorageTier.Perform);
        await api.AddSampleAsync(perform, 100, TimeSpan.FromHours(23));
        await api.AddSampleAsync(perform, 3_000_000_000_000, TimeSpan.FromHours(2));
        await api.AddSampleAsync(perform, 200, TimeSpan.FromMinutes(1));

        Assert.Equal(3_000_000_000_000, await DailyUsageAsync(client, StorageTier.Perform));
        Assert.Equal(0, await DailyUsageAsync(client, StorageTier.Global));
    }

    [Fact]
    public async Task The_daily_usage_of_all_tiers_is_the_sum_of_each_tiers_highest_sample()
    {
        var user = NewUser();
        using var client = api.CreateClientFor(user);
        await DailyUsageAsync(client, StorageTier.All);
        var perform = await api.AddSubscriptionAsync(user, StorageTier.Perform);
        var global = await api.AddSubscriptionAsync(user, StorageTier.Global);
        // The tiers peak at different moments: All is not the highest total at any one moment (300 + 20).
        await api.AddSampleAsync(perform, 300, TimeSpan.FromHours(10));
        await api.AddSampleAsync(perform, 100, TimeSpan.FromHours(1));
        await api.AddSampleAsync(global, 20, TimeSpan.FromHours(10));
        await api.AddSampleAsync(global, 50, TimeSpan.FromHours(1));

        Assert.Equal(350, await DailyUsageAsync(client, StorageTier.All));
        Assert.Equal(300, await DailyUsageAsync(client, StorageTier.Perform));
        Assert.Equal(50, await DailyUsageAsync(client, StorageTier.Global));
    }

    [Fact]
    public async Task Samples_older_than_24_hours_are_ignored()
    {
        var user = NewUser();
        using var client = api.CreateClientFor(user);
        await DailyUsageAsync(client, StorageTier.All);
        var scale = await api.AddSubscriptionAsync(user, StorageTier.Scale);
        await api.AddSampleAsync(scale, 9_999, Day + TimeSpan.FromSeconds(1));
        await api.AddSampleAsync(scale, 9_000, TimeSpan.FromDays(3));

        Assert.Equal(0, await DailyUsageAsync(client, StorageTier.Scale));
        Assert.Equal(0, await DailyUsageAsync(client, StorageTier.All));

        await api.AddSampleAsync(scale, 7, Day - TimeSpan.FromSeconds(1));
        Assert.Equal(7, await DailyUsageAsync(client, StorageTier.Scale));
    }

    [Fact]
    public async Task Another_users_samples_are_not_counted_even_in_the_same_account()
    {
        var user = NewUser();
        var colleague = TestUser.In(user.AccountId, UserType.DesktopAdmin);
        using var client = api.CreateClientFor(user);
        await DailyUsageAsync(client, StorageTier.All);
        var mine = await api.AddSubscriptionAsync(user, StorageTier.Archive);
        var theirs = await api.AddSubscriptionAsync(colleague, StorageTier.Archive);
        await api.AddSampleAsync(mine, 10, TimeSpan.FromHours(1));
        await api.AddSampleAsync(theirs, 1_000, TimeSpan.FromHours(1));

        Assert.Equal(10, await DailyUsageAsync(client, StorageTier.Archive));
        Assert.Equal(10, await DailyUsageAsync(client, StorageTier.All));
        using var colleagueClient = api.CreateClientFor(colleague);
        Assert.Equal(1_000, await DailyUsageAsync(colleagueClient, StorageTier.All));
    }

    [Theory]
    [InlineData("?storageTier=3")]
    [InlineData("?storageTier=Perform2")]
    [InlineData("")]
    public async Task A_storage_tier_that_is_not_a_tier_or_none_is_refused(string query)
    {
        using var client = api.CreateClientFor(NewUser());

        var response = await client.GetAsync($"/api/v1/cloudaccount/idrive_get_daily_usage{query}");

        await response.ShouldBeAmoveErrorAsync(ErrorCodes.Default);
    }

    private static async Task<double> DailyUsageAsync(HttpClient client, StorageTier tier)
    {
        var response = await client.GetAsync($"/api/v1/cloudaccount/idrive_get_daily_usage?storageTier={(int)tier}");
        return (await response.ShouldBeOkJsonAsync()).GetValue<double>();
    }

    private static TestUser NewUser() => TestUser.In(Guid.NewGuid(), UserType.DesktopStandardUser);
}
