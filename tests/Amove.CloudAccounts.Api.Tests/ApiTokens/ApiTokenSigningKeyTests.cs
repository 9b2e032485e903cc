using System.Security.Cryptography;
using System.Net;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Amove.CloudAccounts.Api.Tests.ApiTokens;

[Collection(ApiCollection.Name)]
public sealed class ApiTokenSigningKeyTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    public static TheoryData<string, string> UnusableKeys => new()
    {
        { SymmetricSigningKeys.Placeholder, "placeholder" },
        { Convert.ToBase64String(new byte[16]), "16 bytes" },
        { "not base64 at all!", "not base64" },
    };

    [Theory]
    [MemberData(nameof(UnusableKeys))]
    public void The_service_refuses_to_start_with_an_unusable_configured_key_and_says_what_to_do(string signingKey, string reason)
    {
        using var host = api.WithWebHostBuilder(builder => builder.UseSetting("ApiTokens:SigningKey", signingKey));

        var failure = Assert.Throws<OptionsValidationException>(() => host.Server);

        Assert.Contains("ApiTokens:SigningKey", failure.Message);
        Assert.Contains(reason, failure.Message);
        Assert.Contains("leave it empty", failure.Message);
    }

    [Fact]
    public async Task A_configured_key_signs_the_tokens()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var configured = api.WithWebHostBuilder(builder => builder.UseSetting("ApiTokens:SigningKey", Convert.ToBase64String(key)));

        var created = await configured.CreateApiTokenAsync(_tenant.Owner);

        var validation = await new JsonWebTokenHandler().ValidateTokenAsync((string)created["token"]!, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(key),
            ValidIssuer = "amove-cloudaccounts",
            ValidAudience = "amove-cloudaccounts",
            ValidTypes = ["amove-api+jwt"],
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
    }

    [Fact]
    public async Task Without_a_configured_key_every_instance_signs_with_the_one_key_kept_in_the_database()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner);
        using var startedLater = api.WithWebHostBuilder(_ => { });
        using var onLater = startedLater.CreateClientWith(created);

        Assert.Equal(HttpStatusCode.OK, (await onLater.GetAsync(ApiTokenApi.GetAll)).StatusCode);
        var minted = await startedLater.CreateApiTokenAsync(_tenant.Owner, "Minted later");
        using var onFirst = api.CreateClientWith(minted);
        Assert.Equal(HttpStatusCode.OK, (await onFirst.GetAsync(ApiTokenApi.GetAll)).StatusCode);
        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM service_keys"));
    }
}
