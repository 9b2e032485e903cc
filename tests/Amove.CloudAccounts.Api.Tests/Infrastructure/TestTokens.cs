using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>Mints bearer tokens the way Amove's identity service would, signed with the test key.</summary>
public static class TestTokens
{
    public const string Issuer = "https://identity.amove.test";
    public const string Audience = "amove-cloudaccounts";

    // 256-bit HMAC key, base64, as Authentication:Schemes:Bearer:SigningKeys:0:Value takes it.
    public static readonly string SigningKeyBase64 = Convert.ToBase64String("amove-cloudaccounts-test-signing-key-0123456789"u8.ToArray());

    public static string For(TestUser user, DateTime? expires = null, byte[]? signingKey = null) =>
        Create(
            [
                new Claim("sub", user.Id.ToString()),
                new Claim("account_id", user.AccountId.ToString()),
                new Claim("user_type", ((int)user.UserType).ToString(), ClaimValueTypes.Integer32),
                new Claim("email", user.Email),
            ],
            expires,
            signingKey);

    public static string Create(IEnumerable<Claim> claims, DateTime? expires = null, byte[]? signingKey = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = expiry.AddHours(-2),
            IssuedAt = expiry.AddHours(-2),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(signingKey ?? Convert.FromBase64String(SigningKeyBase64)),
                SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A token with <c>alg: none</c> and no signature, which must never be accepted.</summary>
    public static string Unsigned(TestUser user)
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds();
        return Encode("""{"alg":"none","typ":"JWT"}""") + "." + Encode(
            $$"""{"sub":"{{user.Id}}","account_id":"{{user.AccountId}}","user_type":{{(int)user.UserType}},"iss":"{{Issuer}}","aud":"{{Audience}}","exp":{{exp}}}""") + ".";
    }
}
