using System.Diagnostics;
using System.Net.Http.Headers;
using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Scripts;

/// <summary>scripts/mint-token.sh, the README's way to get a token for the compose stack, against the real API.</summary>
[Collection(ApiCollection.Name)]
public sealed class MintTokenScriptTests(CloudAccountsApiFactory api)
{
    [Fact]
    public async Task A_token_minted_with_the_configured_key_is_accepted_and_names_the_given_user()
    {
        var tenant = new TestTenant();
        await api.ConnectS3GenericAsync(tenant.Owner);

        var minted = await MintAsync(
            TestTokens.SigningKeyBase64,
            "--sub", tenant.Owner.Id.ToString(), "--account", tenant.Owner.AccountId.ToString(), "--user-type", ((int)tenant.Owner.UserType).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--email", tenant.Owner.Email);
        using var client = WithToken(minted.Output);
        var listed = await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();

        Assert.Equal(0, minted.ExitCode);
        Assert.Equal(1, (int)listed["total"]!);
    }

    [Fact]
    public async Task A_token_minted_with_another_key_is_refused()
    {
        var otherKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var minted = await MintAsync(otherKey);
        using var client = WithToken(minted.Output);

        Assert.Equal(0, minted.ExitCode);
        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Theory]
    [InlineData("REPLACE-ME:openssl-rand-base64-32", "placeholder")]
    [InlineData("c2hvcnQta2V5", "at least 32 bytes")]
    public async Task The_script_refuses_the_placeholder_and_short_keys(string key, string reason)
    {
        var minted = await MintAsync(key);

        Assert.NotEqual(0, minted.ExitCode);
        Assert.Empty(minted.Output);
        Assert.Contains(reason, minted.Error);
    }

    private HttpClient WithToken(string token)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(int ExitCode, string Output, string Error)> MintAsync(string key, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // No .env: everything comes from the environment, as the script allows.
            Environment =
            {
                ["JWT_ISSUER"] = TestTokens.Issuer,
                ["JWT_AUDIENCE"] = TestTokens.Audience,
                ["JWT_SIGNING_KEY"] = key,
            },
        };
        start.ArgumentList.Add(Path.Combine(TestEnvironment.RepositoryRoot, "scripts", "mint-token.sh"));
        start.ArgumentList.Add("--env");
        start.ArgumentList.Add("/nonexistent/.env");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await output).Trim(), await error);
    }
}
