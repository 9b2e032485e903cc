using System.Security.Cryptography;
using System.Text.Json;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Core.Errors;
using Amove.CloudAccounts.Core.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace Amove.CloudAccounts.Core.CloudAccounts.Connect;

/// <summary>
/// Seals a connect flow's state (encrypted and authenticated with the service's Data Protection keys), so everything the
/// callback needs travels through the browser and the provider unreadable and unchangeable, and opens it again only for the
/// caller, the provider and the redirect URL it was made for, before it expires.
/// </summary>
public sealed class OAuthConnectStates(IDataProtectionProvider provider, TimeProvider clock)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Amove.CloudAccounts.OAuthConnect.State.v1");

    public string Seal(OAuthConnectState state) => _protector.Protect(JsonSerializer.Serialize(state));

    /// <summary>The state, or a 499 SECURITY for one that is forged, altered, expired, or made for another caller or provider.</summary>
    public OAuthConnectState Open(string sealedState, CurrentUser caller, CloudProvider expectedProvider)
    {
        OAuthConnectState? state;
        try
        {
            state = JsonSerializer.Deserialize<OAuthConnectState>(_protector.Unprotect(sealedState));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            state = null;
        }

        // One answer for every state that is not this caller's for this provider: which check failed helps only an attacker.
        if (state is null || state.UserId != caller.Id || state.AccountId != caller.AccountId || state.Provider != expectedProvider)
        {
            throw new AmoveException(ErrorCodes.Security, "The authorization state is not valid for this request: start connecting the account again.");
        }

        // The service's clock, not the system's: expiry is a rule of this service, and tests move its clock.
        if (clock.GetUtcNow() >= state.ExpiresAt)
        {
            throw new AmoveException(ErrorCodes.Security, "The authorization has expired: start connecting the account again.");
        }

        return state;
    }
}

/// <summary>What one connect flow was started for, sealed into its <c>state</c>.</summary>
/// <param name="StateId">Recorded when a callback uses the state, so it cannot be used twice.</param>
/// <param name="RedirectUrl">The allowed redirect URL, as configured (and so as registered with the provider).</param>
/// <param name="CodeVerifier">The PKCE verifier, for a provider that uses PKCE.</param>
public sealed record OAuthConnectState(
    Guid StateId,
    Guid UserId,
    Guid AccountId,
    CloudProvider Provider,
    string CloudName,
    bool Shared,
    string RedirectUrl,
    string? CodeVerifier,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"OAuthConnectState {{ StateId = {StateId}, Provider = {Provider}, ExpiresAt = {ExpiresAt:O} }}";
}
