using Amove.CloudAccounts.Api.Tests.AmoveStorage.IDriveE2;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Data.Postgres;
using Amove.CloudAccounts.Core.Entities;
using Microsoft.Extensions.DependencyInjection;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

/// <summary>
/// The welcome e-mail through the whole flow: add_storage on the IDrive e2 host queues it, the outbox worker delivers it
/// over SMTP, and maildev receives it. Every test's caller has an address of its own, so its messages are told apart.
/// </summary>
[Collection(IDriveE2HostedStorageCollection.Name)]
public sealed class WelcomeEmailTests(IDriveE2HostedStorage storage)
{
    private readonly CloudAccountsApiFactory _api = storage.Api;
    private readonly TestTenant _tenant = new();

    private string Recipient => _tenant.Owner.Email;

    [Fact]
    public async Task After_provisioning_the_caller_receives_one_message_with_everything_needed_to_connect_and_the_given_password()
    {
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var created = await (await owner.AddStorageAsync("VA", storageTier: 2, defaultPassword: "Given-Password-7")).ShouldBeOkJsonObjectAsync();

        var message = await SingleDeliveredMessageAsync();
        var bucket = await _api.ScalarAsync<string>("SELECT bucket_name FROM hosted_storages WHERE cloud_account_id = $1", created.Id());
        Assert.Equal([Recipient], message.To);
        Assert.Equal(["storage@amove.test"], message.From);
        Assert.Equal("Your Amove storage in Virginia (Global) is ready", message.Subject);
        var key = Assert.Single(storage.E2.Users[IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Global)].Keys);
        Assert.Equal(
            [
                $"Endpoint:    {IDriveE2HostedStorage.ServiceUrl}",
                "Region:      Virginia (VA)",
                "Tier:        Global",
                $"Bucket:      {bucket}",
                $"Access key:  {key.AccessKey}",
                $"Secret key:  {key.SecretKey}",
                "Password:    Given-Password-7",
            ],
            Details(message));
    }

    [Fact]
    public async Task Without_a_password_the_message_carries_the_strong_one_the_e2_user_was_created_with()
    {
        using var owner = _api.CreateClientFor(_tenant.Owner);

        await (await owner.AddStorageAsync("OR", storageTier: 4)).ShouldBeOkJsonObjectAsync();

        var message = await SingleDeliveredMessageAsync();
        var password = Assert.Single(Details(message), line => line.StartsWith("Password:", StringComparison.Ordinal))["Password:".Length..].Trim();
        Assert.Equal(20, password.Length);
        Assert.Contains(password, char.IsAsciiLetterLower);
        Assert.Contains(password, char.IsAsciiLetterUpper);
        Assert.Contains(password, char.IsAsciiDigit);
        Assert.Contains(password, c => !char.IsAsciiLetterOrDigit(c));
        Assert.Equal(password, storage.E2.Users[IDriveE2HostedStorage.E2UserOf(_tenant.Owner, StorageTier.Scale)].Password);
    }

    [Fact]
    public async Task Two_storages_are_two_messages_one_for_each()
    {
        using var owner = _api.CreateClientFor(_tenant.Owner);

        await (await owner.AddStorageAsync("OR", storageTier: 1)).ShouldBeOkJsonObjectAsync();
        await (await owner.AddStorageAsync("IE", storageTier: 8)).ShouldBeOkJsonObjectAsync();

        var messages = await DeliveredMessagesAsync(count: 2);
        Assert.Equal(
            ["Your Amove storage in Ireland (Archive) is ready", "Your Amove storage in Oregon (Perform) is ready"],
            messages.Select(m => m.Subject).Order());
    }

    [Fact]
    public async Task A_provisioning_that_was_rolled_back_sends_nothing()
    {
        var failingInsert = new FailCloudAccountInsert { Armed = true };
        await using (var failing = storage.WithE2(
            storage.E2, services: services => services.ConfigureDbContext<PostgresCloudAccountsDbContext>(db => db.AddInterceptors(failingInsert))))
        {
            using var client = failing.CreateClientFor(_tenant.Owner);
            await (await client.AddStorageAsync("LA", storageTier: 1)).ShouldBeAmoveErrorAsync("DB_INSERT");
        }

        using var owner = _api.CreateClientFor(_tenant.Owner);
        await (await owner.AddStorageAsync("OR", storageTier: 1)).ShouldBeOkJsonObjectAsync();

        // The rolled-back e-mail, had it been queued, would have been queued first: the later one's delivery proves it never was.
        var message = await SingleDeliveredMessageAsync();
        Assert.Equal("Your Amove storage in Oregon (Perform) is ready", message.Subject);
        Assert.NotNull(failingInsert.BucketCreatedBefore);
    }

    /// <summary>The lines of the message that carry the storage's details, as the client shows them.</summary>
    private static string[] Details(MaildevMessage message) =>
        [.. message.Text.Replace("\r\n", "\n").Split('\n').Where(line =>
            new[] { "Endpoint:", "Region:", "Tier:", "Bucket:", "Access key:", "Secret key:", "Password:" }.Any(label => line.StartsWith(label, StringComparison.Ordinal)))];

    private async Task<MaildevMessage> SingleDeliveredMessageAsync() => Assert.Single(await DeliveredMessagesAsync(count: 1));

    /// <summary>
    /// Every message maildev received for the caller, once <paramref name="count"/> have arrived and nothing is left in the
    /// outbox for the caller: by then every e-mail queued for the caller has been sent, so any extra one would be there too.
    /// </summary>
    private async Task<IReadOnlyList<MaildevMessage>> DeliveredMessagesAsync(int count)
    {
        await Maildev.WaitForAsync(m => m.To.Contains(Recipient), count);
        await Poll.UntilAsync(async () => await storage.QueuedEmailsToAsync(Recipient) == 0, $"the outbox to empty for {Recipient}");

        return [.. (await Maildev.MessagesAsync()).Where(m => m.To.Contains(Recipient))];
    }
}
