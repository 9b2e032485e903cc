using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Amove.CloudAccounts.Core.ApiTokens;

/// <summary>A valid API token: its session, and its owner as the database knows them now.</summary>
/// <param name="EncryptionKey">The key an encrypted token was issued with; null for a plain token.</param>
public sealed record ApiTokenSession(Guid TokenId, Guid SessionId, CurrentUser Owner, string? EncryptionKey);

/// <summary>
/// Reads an API token and checks its session in the database on every request, so a revoked token fails on its next
/// use on any instance. The owner's type and e-mail come from the users table, not from the token: a user demoted after
/// minting a token does not keep the old rights through it.
/// </summary>
public sealed class ApiTokenAuthenticator(
    CloudAccountsDbContext db, ApiTokenSigningKey signingKey, IOptions<ApiTokensOptions> options, TimeProvider clock)
{
    /// <summary>The token's live session, or null when the token is forged, expired, revoked or malformed.</summary>
    public async Task<ApiTokenSession?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var key = await signingKey.GetAsync(cancellationToken);
        var encrypted = token.AsSpan().Count('.') == 4;
        Session? session = null;
        SecurityKey? contentKey = null;
        if (encrypted)
        {
            // The content key is derived from the owner's encryption key, which only the session row holds.
            if (ApiTokenFormat.EncryptedTokenId(token) is not { } encryptedId
                || await FindAsync(encryptedId, cancellationToken) is not { EncryptionKey: { } encryptionKey } found)
            {
                return null;
            }

            session = found;
            contentKey = ApiTokenFormat.ContentKey(encryptionKey, encryptedId);
        }

        var result = await ApiTokenFormat.ValidateAsync(token, key, contentKey, options.Value.Issuer, clock);
        if (!result.IsValid
            || !Guid.TryParse(Claim(result, AmoveClaims.TokenId), out var tokenId)
            || !Guid.TryParse(Claim(result, AmoveClaims.SessionId), out var sessionId)
            || !Guid.TryParse(Claim(result, AmoveClaims.Subject), out var userId))
        {
            return null;
        }

        session ??= await FindAsync(tokenId, cancellationToken);
        if (session is null
            || session.TokenId != tokenId
            || session.SessionId != sessionId
            || session.UserId != userId
            || session.IsEncrypted != encrypted
            || session.ExpirationDate <= clock.GetUtcNow().UtcDateTime)
        {
            return null;
        }

        return new ApiTokenSession(
            tokenId, sessionId, new CurrentUser(userId, session.AccountId, session.UserType, session.Email), session.EncryptionKey);
    }

    private static string? Claim(TokenValidationResult result, string name) =>
        result.Claims.TryGetValue(name, out var value) ? value as string : null;

    private Task<Session?> FindAsync(Guid tokenId, CancellationToken cancellationToken) =>
        db.ApiTokens
            .Where(t => t.Id == tokenId)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new Session(
                t.Id, t.SessionId, t.UserId, t.ExpirationDate, t.IsEncrypted, t.EncryptionKey, u.AccountId, u.UserType, u.Email))
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);

    private sealed record Session(
        Guid TokenId,
        Guid SessionId,
        Guid UserId,
        DateTime ExpirationDate,
        bool IsEncrypted,
        string? EncryptionKey,
        Guid AccountId,
        UserType UserType,
        string? Email);
}
