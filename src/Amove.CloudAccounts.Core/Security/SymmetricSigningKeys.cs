namespace Amove.CloudAccounts.Core.Security;

/// <summary>
/// Checks a configured HMAC signing key at startup: a short or published key lets anyone mint tokens for any user.
/// </summary>
public static class SymmetricSigningKeys
{
    /// <summary>What <c>.env.example</c> and the compose file ship instead of a key; never valid.</summary>
    public const string Placeholder = "REPLACE-ME:openssl-rand-base64-32";

    /// <summary>HS256 needs a key at least as long as its 256-bit output.</summary>
    public const int MinimumKeyBytes = 32;

    public const string HowToGenerate = "Generate one with: openssl rand -base64 32";

    /// <summary>Why the base64 key in setting <paramref name="name"/> is unusable, or null when it is fine or absent.</summary>
    public static string? Problem(string name, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Trim() == Placeholder)
        {
            return $"{name} is still the placeholder from .env.example. {HowToGenerate}";
        }

        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var length))
        {
            return $"{name} is not base64. {HowToGenerate}";
        }

        return length < MinimumKeyBytes
            ? $"{name} is {length} bytes; a signing key needs at least {MinimumKeyBytes}. {HowToGenerate}"
            : null;
    }
}
