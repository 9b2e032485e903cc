using System.Security.Cryptography;
using System.Text;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Amove.CloudAccounts.Api.Tests.ApiTokens;

/// <summary>What makes an API token acceptable: the service's signature, its encryption, and a live session.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiTokenAuthenticationTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task The_same_claims_signed_with_another_key_are_refused()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner);
        var genuine = created.Claims();
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = genuine.Claims.Where(c => c.Type is not ("iss" or "aud" or "exp" or "nbf" or "iat")).ToDictionary(c => c.Type, c => (object)c.Value),
            Issuer = genuine.Issuer,
            Audience = genuine.Audiences.Single(),
            Expires = genuine.ValidTo,
            TokenType = genuine.Typ,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256),
        });
        using var client = api.CreateClientWithToken(forged);

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task An_unsigned_token_in_the_API_token_format_is_refused()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner);
        var parts = ((string)created["token"]!).Split('.');
        var unsigned = Base64UrlEncoder.Encode("""{"alg":"none","typ":"amove-api+jwt"}""") + "." + parts[1] + ".";
        using var client = api.CreateClientWithToken(unsigned);

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task An_encrypted_token_is_a_JWE_that_names_its_id_and_opens_only_with_the_owners_key()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner, encryptionKey: ApiTokenApi.EncryptionKey);
        var token = (string)created["token"]!;
        Assert.Equal(5, token.Split('.').Length);
        var header = new JsonWebToken(token);
        Assert.Equal("dir", header.Alg);
        Assert.Equal("A256CBC-HS512", header.Enc);
        Assert.Equal((string?)created["id"], header.Kid);

        var inner = Open(token, ApiTokenApi.EncryptionKey, created.Id());
        Assert.Equal((string?)created["sessionId"], inner.GetClaim("sid").Value);
        Assert.Throws<SecurityTokenDecryptionFailedException>(() => Open(token, "not the key at all!", created.Id()));

        using var client = api.CreateClientWithToken(token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(CloudAccountApi.GetAll)).StatusCode);
    }

    [Fact]
    public async Task The_signed_token_inside_an_encrypted_one_is_not_accepted_on_its_own()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner, encryptionKey: ApiTokenApi.EncryptionKey);
        var inner = Open((string)created["token"]!, ApiTokenApi.EncryptionKey, created.Id());
        using var client = api.CreateClientWithToken(inner.EncodedToken);

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task A_tampered_encrypted_token_is_refused()
    {
        var created = await api.CreateApiTokenAsync(_tenant.Owner, encryptionKey: ApiTokenApi.EncryptionKey);
        var parts = ((string)created["token"]!).Split('.');
        var ciphertext = Base64UrlEncoder.DecodeBytes(parts[3]);
        ciphertext[^1] ^= 1;
        parts[3] = Base64UrlEncoder.Encode(ciphertext);
        using var client = api.CreateClientWithToken(string.Join('.', parts));

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Theory]
    [InlineData("a.b.c.d.e")]
    [InlineData("eyJ0eXAiOiJhbW92ZS1hcGkrand0In0.e30.")]
    [InlineData("eyJ0eXAiOiJhbW92ZS1hcGkrand0In0.!!!.sig")]
    public async Task A_malformed_token_that_looks_like_an_API_token_is_a_401_not_a_500(string token)
    {
        using var client = api.CreateClientWithToken(token);

        await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeUnauthorizedWithoutBodyAsync();
    }

    [Fact]
    public async Task Identity_provider_tokens_keep_working_beside_API_tokens()
    {
        await api.CreateApiTokenAsync(_tenant.Owner);
        using var client = api.CreateClientFor(_tenant.Owner);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(CloudAccountApi.GetAll)).StatusCode);
    }

    // Opens the JWE the way its documentation says: dir key = HKDF-SHA256(UTF-8 key, no salt, "amove-api-token-jwe", 64 bytes).
    private static JsonWebToken Open(string token, string encryptionKey, Guid id)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(encryptionKey), 64, [], "amove-api-token-jwe"u8.ToArray());
        var handler = new JsonWebTokenHandler();
        var jwe = new JsonWebToken(token);
        var inner = handler.DecryptToken(jwe, new TokenValidationParameters
        {
            TokenDecryptionKey = new SymmetricSecurityKey(key) { KeyId = id.ToString() },
        });
        return new JsonWebToken(inner);
    }
}
