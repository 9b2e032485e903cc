using System.Security.Cryptography;
using System.Text.Json;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.AspNetCore.DataProtection;

namespace Amove.CloudAccounts.Core.CloudAccounts;

/// <summary>
/// Seals a provider's paging cursor into an opaque, expiring token bound to the listing it came
/// from, so a client can neither forge a cursor nor replay one against another account or bucket.
/// </summary>
public sealed class ContinuationTokens(IDataProtectionProvider provider, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ITimeLimitedDataProtector _protector = provider
        .CreateProtector("Amove.CloudAccounts.ListObjects.ContinuationToken.v1")
        .ToTimeLimitedDataProtector();

    public string Seal(ListingScope scope, string providerCursor)
    {
        var payload = JsonSerializer.Serialize(new SealedCursor(scope, providerCursor));
        return _protector.Protect(payload, clock.GetUtcNow() + Lifetime);
    }

    /// <summary>Returns the provider cursor, or throws DEFAULT for a forged, altered, foreign or expired token.</summary>
    public string Open(string token, ListingScope expectedScope)
    {
        SealedCursor? cursor;
        try
        {
            var payload = _protector.Unprotect(token, out var expiration);
            cursor = expiration > clock.GetUtcNow() ? JsonSerializer.Deserialize<SealedCursor>(payload) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            cursor = null;
        }

        if (cursor is null || cursor.Scope != expectedScope)
        {
            throw AmoveException.Invalid("'continuationToken' is invalid or expired.");
        }

        return cursor.ProviderCursor;
    }

    private sealed record SealedCursor(ListingScope Scope, string ProviderCursor);
}

/// <summary>What a continuation token is valid for.</summary>
public sealed record ListingScope(Guid CloudAccountId, string BucketName, string ContainerId, string Prefix)
{
    public static ListingScope Of(Guid cloudAccountId, ListingTarget target) => target switch
    {
        ListingTarget.InBucket folder => new(cloudAccountId, folder.BucketName, "", folder.FolderPath),
        ListingTarget.ById container => new(cloudAccountId, "", container.Id, container.FolderPath),
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Unknown listing target."),
    };
}
