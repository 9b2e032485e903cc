using System.Text;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Security;

/// <summary>
/// Credentials are encrypted at rest and never returned. s3rver checks only that the access key id is its own
/// (S3RVER), so each test makes the secret key unique and looks for that; the access key is checked as "S3RVER".
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SecretsAtRestTests(CloudAccountsApiFactory api)
{
    private const string MaskedAccessKey = "S3R*****";
    private const string MaskedSecret = "**********";

    private readonly TestTenant _tenant = new();

    // Every S3-family type this service reaches s3rver with: S3 Generic by its own URL, the others by configuration.
    private static object AccountOf(int cloudType, string name, string secretKey, bool shared = false) => new
    {
        cloudType,
        name,
        accessKey = TestEnvironment.S3AccessKey,
        secretKey,
        serviceUrl = cloudType == 8 ? TestEnvironment.S3Url.ToString().TrimEnd('/') : null,
        shared,
    };

    private static string UniqueSecret() => $"sk{Guid.NewGuid():N}SECRET";

    [Fact]
    public async Task A_database_dump_contains_no_plaintext_credentials()
    {
        var secrets = new Dictionary<int, string> { [1] = UniqueSecret(), [2] = UniqueSecret(), [8] = UniqueSecret(), [16] = UniqueSecret() };
        using var client = api.CreateClientFor(_tenant.Owner);
        var ids = new List<string>();
        foreach (var (cloudType, secret) in secrets)
        {
            var created = await (await client.PostJsonAsync(CloudAccountApi.Insert, AccountOf(cloudType, $"Dump {cloudType}", secret))).ShouldBeOkJsonObjectAsync();
            ids.Add((string)created["id"]!);
        }

        var dump = await PgDump.DumpAsync(api.DatabaseName);
        var cloudAccounts = PgDump.CopyBlockOf(dump, "cloud_accounts");

        // The rows are in the dump, with something stored for each secret: the test looks at real data.
        Assert.All(ids, id => Assert.Contains(id, cloudAccounts));
        foreach (var id in ids)
        {
            var stored = await api.ScalarAsync<string>("SELECT secret_key FROM cloud_accounts WHERE id = $1", Guid.Parse(id));
            Assert.False(string.IsNullOrEmpty(stored));
        }

        foreach (var secret in secrets.Values)
        {
            Assert.DoesNotContain(secret, dump, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), dump);
            Assert.DoesNotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(secret)), dump, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(TestEnvironment.S3AccessKey, cloudAccounts, StringComparison.Ordinal);

        // Nor is the key that decrypts them: a dump alone must not be enough.
        Assert.DoesNotContain("<masterKey", dump, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Insert_answers_with_the_credentials_masked()
    {
        var secret = UniqueSecret();
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(CloudAccountApi.Insert, AccountOf(8, "Masked insert", secret));

        var raw = await response.Content.ReadAsStringAsync();
        var body = await response.ShouldBeOkJsonObjectAsync();
        AssertMasked(body);
        Assert.DoesNotContain(secret, raw);
        Assert.DoesNotContain(TestEnvironment.S3AccessKey, raw);
    }

    [Fact]
    public async Task Get_all_masks_the_credentials_of_every_account_for_every_caller_who_sees_it()
    {
        var secrets = new[] { UniqueSecret(), UniqueSecret(), UniqueSecret() };
        using var owner = api.CreateClientFor(_tenant.Owner);
        await (await owner.PostJsonAsync(CloudAccountApi.Insert, AccountOf(8, "Generic", secrets[0], shared: true))).ShouldBeOkJsonObjectAsync();
        await (await owner.PostJsonAsync(CloudAccountApi.Insert, AccountOf(1, "Aws", secrets[1], shared: true))).ShouldBeOkJsonObjectAsync();
        await (await owner.PostJsonAsync(CloudAccountApi.Insert, AccountOf(2, "Wasabi", secrets[2]))).ShouldBeOkJsonObjectAsync();
        using var admin = api.CreateClientFor(_tenant.DesktopAdmin);

        foreach (var (client, expected) in new[] { (owner, 3), (admin, 2) })
        {
            var response = await client.GetAsync(CloudAccountApi.GetAll);
            var raw = await response.Content.ReadAsStringAsync();
            var data = (await response.ShouldBeOkJsonObjectAsync())["data"]!.AsArray();

            Assert.Equal(expected, data.Count);
            Assert.All(data, account => AssertMasked(account!.AsObject()));
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, raw));
            Assert.DoesNotContain(TestEnvironment.S3AccessKey, raw);
        }
    }

    private static void AssertMasked(JsonObject account)
    {
        Assert.Equal(MaskedAccessKey, (string?)account["accessKey"]);
        Assert.Equal(MaskedSecret, (string?)account["secretKey"]);
        Assert.True(account.ContainsKey("credentialsData"), "credentialsData is missing from the response.");
        Assert.Null(account["credentialsData"]);
    }
}
