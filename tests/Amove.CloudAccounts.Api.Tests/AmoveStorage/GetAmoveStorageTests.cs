using System.Security.Cryptography;
using Amove.CloudAccounts.Api.Tests.ApiTokens;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using AmoveClient;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

[Collection(S3HostedStorageCollection.Name)]
public sealed class GetAmoveStorageTests(S3HostedStorage storage)
{
    private readonly CloudAccountsApiFactory _api = storage.Api;
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task The_owner_gets_the_plain_keys_and_endpoint_of_each_storage_in_snake_case()
    {
        await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Oregon, storageTier: 1);
        await _api.ProvisionAsync(_tenant.Owner, S3HostedStorage.Virginia, storageTier: 4);
        using var owner = _api.CreateClientFor(_tenant.Owner);

        var storages = await owner.GetAmoveStorageAsync();

        Assert.Equal(2, storages.Count);
        Assert.All(storages, entry =>
        {
            Assert.Equal(["access_key", "secret_key", "service_url"], entry!.PropertyNames());
            Assert.Equal(TestEnvironment.S3AccessKey, (string?)entry!["access_key"]);
            Assert.Equal(TestEnvironment.S3SecretKey, (string?)entry["secret_key"]);
            Assert.Equal(S3HostedStorage.ServiceUrl, (string?)entry["service_url"]);
        });
    }

    [Fact]
    public async Task User_connected_accounts_are_not_listed()
    {
        await _api.ConnectS3GenericAsync(_tenant.Owner);
        using var owner = _api.CreateClientFor(_tenant.Owner);

        Assert.Empty(await owner.GetAmoveStorageAsync());
    }

    [Theory]
    [MemberData(nameof(TestTenantRoles.BrowseVisibility), MemberType = typeof(TestTenantRoles))]
    public async Task A_storage_is_listed_to_whoever_can_see_it(string who, bool shared, bool listed)
    {
        await _api.ProvisionAsync(_tenant.Owner, shared: shared);
        using var client = _api.CreateClientFor(_tenant.Pick(who));

        var storages = await client.GetAmoveStorageAsync();

        Assert.Equal(listed ? 1 : 0, storages.Count);
    }

    [Fact]
    public async Task With_an_encrypted_API_token_the_keys_come_encrypted_with_its_key_and_the_endpoint_stays_plain()
    {
        await _api.ProvisionAsync(_tenant.Owner);
        var created = await _api.CreateApiTokenAsync(_tenant.Owner, encryptionKey: ApiTokenApi.EncryptionKey);
        using var agent = _api.CreateClientWith(created);

        var entry = Assert.Single(await agent.GetAmoveStorageAsync())!;

        Assert.Equal(TestEnvironment.S3AccessKey, Decrypt((string)entry["access_key"]!, ApiTokenApi.EncryptionKey));
        Assert.Equal(TestEnvironment.S3SecretKey, Decrypt((string)entry["secret_key"]!, ApiTokenApi.EncryptionKey));
        Assert.Equal(S3HostedStorage.ServiceUrl, (string?)entry["service_url"]);
    }

    [Fact]
    public async Task Each_encrypted_value_has_its_own_nonce()
    {
        await _api.ProvisionAsync(_tenant.Owner);
        var created = await _api.CreateApiTokenAsync(_tenant.Owner, encryptionKey: ApiTokenApi.EncryptionKey);
        using var agent = _api.CreateClientWith(created);

        var first = Assert.Single(await agent.GetAmoveStorageAsync())!;
        var second = Assert.Single(await agent.GetAmoveStorageAsync())!;

        Assert.NotEqual((string?)first["secret_key"], (string?)second["secret_key"]);
        Assert.Equal(Decrypt((string)first["secret_key"]!, ApiTokenApi.EncryptionKey), Decrypt((string)second["secret_key"]!, ApiTokenApi.EncryptionKey));
    }

    [Fact]
    public async Task A_wrong_key_fails_the_authentication_of_the_ciphertext()
    {
        await _api.ProvisionAsync(_tenant.Owner);
        var created = await _api.CreateApiTokenAsync(_tenant.Owner, encryptionKey: ApiTokenApi.EncryptionKey);
        using var agent = _api.CreateClientWith(created);

        var entry = Assert.Single(await agent.GetAmoveStorageAsync())!;

        Assert.ThrowsAny<CryptographicException>(() => Decrypt((string)entry["secret_key"]!, ApiTokenApi.EncryptionKey + "!"));
    }

    [Fact]
    public async Task With_a_plain_API_token_the_keys_are_plain()
    {
        await _api.ProvisionAsync(_tenant.Owner);
        var created = await _api.CreateApiTokenAsync(_tenant.Owner);
        using var agent = _api.CreateClientWith(created);

        var entry = Assert.Single(await agent.GetAmoveStorageAsync())!;

        Assert.Equal(TestEnvironment.S3AccessKey, (string?)entry["access_key"]);
        Assert.Equal(TestEnvironment.S3SecretKey, (string?)entry["secret_key"]);
    }

    // The README's C# snippet, compiled into the tests.
    private static string Decrypt(string value, string encryptionKey) => StorageKeyDecryption.Decrypt(value, encryptionKey);
}
