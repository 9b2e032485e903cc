using System.Security.Cryptography;
using System.Text;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.OAuth;
using Amove.CloudAccounts.Connectors.Platform;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Errors;
using Amove.CloudAccounts.Core.Identity;
using FluentValidation;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.CloudAccounts.Connect;

/// <summary>
/// Connects an OAuth provider's account without the user handling tokens: the authorization URL a client opens in a
/// browser, then the callback that exchanges the code the provider sent back and stores the account as <c>insert</c> does.
/// </summary>
public sealed class OAuthConnectService(
    ProviderCatalog catalog,
    OAuthAuthorizationCodes authorizationCodes,
    OAuthConnectStates states,
    CloudAccountService cloudAccounts,
    CloudAccountsDbContext db,
    IOptionsMonitor<OAuthConnectOptions> options,
    IValidator<GenerateAuthorizationUrlRequest> generateValidator,
    IValidator<AuthorizationCallbackRequest> callbackValidator,
    TimeProvider clock)
{
    private const int MaxProviderErrorLength = 300;

    /// <summary>The provider's authorization URL, with a sealed state bound to the caller, the request and the provider.</summary>
    public async Task<string> GenerateAuthorizationUrlAsync(
        CurrentUser caller, CloudProvider provider, GenerateAuthorizationUrlRequest request, CancellationToken cancellationToken)
    {
        await generateValidator.ValidateAndThrowAsync(request, cancellationToken);
        var (description, client) = ConnectableProvider(provider);
        var redirectUrl = AllowedRedirectUrl(request.RedirectUrl!);

        var now = clock.GetUtcNow();
        var settings = options.CurrentValue;
        var codeVerifier = description.Authorization!.UsesPkce ? NewCodeVerifier() : null;
        var state = new OAuthConnectState(
            Guid.NewGuid(), caller.Id, caller.AccountId, provider, request.CloudName!, request.Shared, redirectUrl, codeVerifier,
            now, now + settings.StateLifetime);
        var url = authorizationCodes.AuthorizationUrl(
            description, client, redirectUrl, states.Seal(state), codeVerifier is null ? null : CodeChallengeOf(codeVerifier));
        return url.AbsoluteUri;
    }

    /// <summary>
    /// Exchanges the code the provider sent back for tokens and stores the account with them, as <c>insert</c> would (checked
    /// with a real call, encrypted, answered masked). A state is used once, whatever the outcome.
    /// </summary>
    public async Task<CloudAccountResponse> CompleteAuthorizationAsync(
        CurrentUser caller, CloudProvider provider, AuthorizationCallbackRequest request, CancellationToken cancellationToken)
    {
        await callbackValidator.ValidateAndThrowAsync(request, cancellationToken);
        var (description, client) = ConnectableProvider(provider);
        var state = states.Open(request.State!, caller, provider);
        if (!RedirectUrls.TryParse(request.RedirectUrl, out var redirectUrl)
            || !RedirectUrls.TryParse(state.RedirectUrl, out var startedWith)
            || !RedirectUrls.AreEqual(redirectUrl, startedWith))
        {
            throw new AmoveException(ErrorCodes.Security, "'redirectURL' is not the one this authorization was started with.");
        }

        await ConsumeAsync(state, cancellationToken);

        if (!string.IsNullOrEmpty(request.Error))
        {
            var reason = ProviderText.Clean(
                string.Join(": ", new[] { request.Error, request.ErrorDescription }.Where(part => !string.IsNullOrWhiteSpace(part))),
                MaxProviderErrorLength);
            throw AmoveException.AccessDenied($"{description.DisplayName} did not grant access: {reason}");
        }

        var tokens = await authorizationCodes.ExchangeAsync(
            description, client, request.Code!, state.RedirectUrl, state.CodeVerifier, cancellationToken);
        return await cloudAccounts.InsertAsync(
            caller,
            new InsertCloudAccountRequest
            {
                CloudType = provider,
                Name = state.CloudName,
                Shared = state.Shared,
                CredentialsData = tokens.ToJson(),
            },
            cancellationToken);
    }

    private (ProviderDescription Description, OAuthClient Client) ConnectableProvider(CloudProvider provider)
    {
        var description = catalog.Find(provider) is { Authorization: not null } found
            ? found
            : throw AmoveException.Invalid("This provider is not connected through OAuth.");
        var client = authorizationCodes.ClientOf(provider)
            ?? throw AmoveException.Invalid($"{description.DisplayName} is not configured for connecting accounts on this server.");
        return (description, client);
    }

    /// <summary>The configured URL <paramref name="requested"/> stands for; anything else would make this service an open redirect.</summary>
    private string AllowedRedirectUrl(string requested)
    {
        var url = RedirectUrls.TryParse(requested, out var parsed) ? parsed : throw AmoveException.Invalid("'redirectURL' is not a valid URL.");
        return options.CurrentValue.AllowedRedirectUrls.FirstOrDefault(allowed =>
                RedirectUrls.TryParse(allowed, out var candidate) && RedirectUrls.AreEqual(candidate, url))
            ?? throw new AmoveException(ErrorCodes.Security, "'redirectURL' is not one of the redirect URLs this server allows.");
    }

    /// <summary>
    /// Records the state as used, fleet-wide through the database, before anything is exchanged: a replayed callback finds
    /// the row and is refused. States past their expiry are removed on the way, as no callback can use them any more.
    /// </summary>
    private async Task ConsumeAsync(OAuthConnectState state, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.ConsumedOAuthStates.Where(consumed => consumed.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // Clean-up only: the next callback tries again.
        }

        var row = new ConsumedOAuthState { Id = state.StateId, ConsumedAt = now, ExpiresAt = state.ExpiresAt.UtcDateTime };
        db.ConsumedOAuthStates.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            db.Entry(row).State = EntityState.Detached;
            var alreadyUsed = await db.ConsumedOAuthStates.AnyAsync(consumed => consumed.Id == state.StateId, cancellationToken);
            throw alreadyUsed
                ? new AmoveException(ErrorCodes.Security, "This authorization was already used: start connecting the account again.")
                : new AmoveException(ErrorCodes.DbInsert, "The change could not be saved. Try again later.", e);
        }
    }

    // RFC 7636 §4.1: 32 random bytes, base64url: 43 characters from the unreserved set.
    private static string NewCodeVerifier() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    // RFC 7636 §4.2, S256: BASE64URL(SHA256(ASCII(code_verifier))).
    private static string CodeChallengeOf(string codeVerifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(codeVerifier)));
}
