using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Amove.CloudAccounts.Core.ApiTokens;

/// <summary>
/// What an API token looks like on the wire. A plain token is a JWS (HS256, <c>typ</c> <see cref="TokenType"/>) carrying
/// the owner's claims, the session (<c>sid</c>) and the token's id (<c>jti</c>). An encrypted token wraps that JWS in a JWE
/// (<c>dir</c>, A256CBC-HS512) whose <c>kid</c> is the token's id and whose key is derived from the owner's encryption key
/// (<see cref="ContentKey"/>), so only the service (which keeps the key encrypted) and the owner can read it.
/// </summary>
public static class ApiTokenFormat
{
    public const string TokenType = "amove-api+jwt";
    public const string ContentEncryption = SecurityAlgorithms.Aes256CbcHmacSha512;

    // A header longer than this is not one of ours, and is not worth decoding to find out.
    private const int MaxHeaderChars = 512;

    private static readonly byte[] ContentKeyInfo = "amove-api-token-jwe"u8.ToArray();
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// Whether <paramref name="token"/> is one of ours rather than the identity provider's: a JWE (the identity provider
    /// issues none), or a JWS whose header says <see cref="TokenType"/>. Decides nothing about validity.
    /// </summary>
    public static bool IsApiToken(string token)
    {
        var dots = token.AsSpan().Count('.');
        if (dots == 4)
        {
            return true;
        }

        var headerEnd = token.IndexOf('.');
        if (dots != 2 || headerEnd is <= 0 or > MaxHeaderChars)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[MaxHeaderChars];
        if (Base64Url.DecodeFromChars(token.AsSpan(0, headerEnd), header, out _, out var written) != OperationStatus.Done)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(header[..written]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("typ"u8);
                reader.Read();
                if (isType)
                {
                    return reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(TokenType);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>The JWE content key of an encrypted token: 64 bytes by HKDF-SHA256 from the UTF-8 encryption key.</summary>
    public static SymmetricSecurityKey ContentKey(string encryptionKey, Guid tokenId) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(encryptionKey), 64, salt: [], info: ContentKeyInfo))
        {
            KeyId = tokenId.ToString(),
        };

    /// <summary>Writes the token for <paramref name="token"/>, owned by <paramref name="owner"/>.</summary>
    public static string Write(ApiToken token, CurrentUser owner, SecurityKey signingKey, string issuer, DateTime now)
    {
        var claims = new Dictionary<string, object>
        {
            [AmoveClaims.Subject] = owner.Id.ToString(),
            [AmoveClaims.AccountId] = owner.AccountId.ToString(),
            [AmoveClaims.UserType] = (int)owner.UserType,
            [AmoveClaims.SessionId] = token.SessionId.ToString(),
            [AmoveClaims.TokenId] = token.Id.ToString(),
        };
        if (owner.Email is not null)
        {
            claims[AmoveClaims.Email] = owner.Email;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = token.ExpirationDate,
            Claims = claims,
            TokenType = TokenType,
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256),
        };
        if (token.IsEncrypted)
        {
            descriptor.EncryptingCredentials = new EncryptingCredentials(
                ContentKey(token.EncryptionKey!, token.Id), JwtConstants.DirectKeyUseAlg, ContentEncryption);
        }

        return Handler.CreateToken(descriptor);
    }

    /// <summary>The id in an encrypted token's header, or null when it names none.</summary>
    public static Guid? EncryptedTokenId(string token)
    {
        try
        {
            return Guid.TryParse(new JsonWebToken(token).Kid, out var id) ? id : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Checks the signature, issuer, audience, type and lifetime (on <paramref name="clock"/>), decrypting first when <paramref name="contentKey"/> is given.</summary>
    public static Task<TokenValidationResult> ValidateAsync(
        string token, SecurityKey signingKey, SecurityKey? contentKey, string issuer, TimeProvider clock)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = issuer,
            IssuerSigningKey = signingKey,
            TokenDecryptionKey = contentKey,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, ContentEncryption],
            ValidTypes = [TokenType],
            RequireSignedTokens = true,
            RequireExpirationTime = true,

            // The clock the service runs on (a fake one in tests), not the machine's; the session's own expiry is
            // checked against the same clock.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires > now && (notBefore is null || notBefore <= now.AddMinutes(5));
            },
        };
        return Handler.ValidateTokenAsync(token, parameters);
    }
}
