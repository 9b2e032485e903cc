using Amove.CloudAccounts.Core.Security;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.ApiTokens;

/// <summary>The <c>ApiTokens</c> section: how the service signs the API tokens it issues.</summary>
public sealed class ApiTokensOptions
{
    public const string SectionName = "ApiTokens";

    /// <summary>
    /// Base64 of the HMAC key that signs API tokens (at least 32 bytes). Empty: the service makes one and keeps it in the
    /// database, encrypted like every other secret, so every instance of a fleet signs with the same key.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The <c>iss</c> and <c>aud</c> of the tokens; tell it apart from the identity provider's issuer.</summary>
    public string Issuer { get; set; } = "amove-cloudaccounts";

    /// <summary>How many unexpired tokens one user may hold.</summary>
    public int MaxTokensPerUser { get; set; } = 100;

    /// <summary>The longest lifetime a token may be given.</summary>
    public int MaxLifetimeDays { get; set; } = 365;

    /// <summary>The key bytes, or null when none is configured.</summary>
    public byte[]? ConfiguredKey() => string.IsNullOrWhiteSpace(SigningKey) ? null : Convert.FromBase64String(SigningKey);
}

/// <summary>Refuses a signing key that is the placeholder, not base64 or too short, and lifetimes or limits below one.</summary>
internal sealed class ApiTokensOptionsValidation : IValidateOptions<ApiTokensOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiTokensOptions options)
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.SigningKey)
            && SymmetricSigningKeys.Problem($"{ApiTokensOptions.SectionName}:SigningKey", options.SigningKey) is { } keyProblem)
        {
            problems.Add($"{keyProblem} Or leave it empty: the service then keeps a key of its own in the database.");
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            problems.Add("ApiTokens:Issuer must not be empty.");
        }

        if (options.MaxTokensPerUser < 1)
        {
            problems.Add("ApiTokens:MaxTokensPerUser must be at least 1.");
        }

        if (options.MaxLifetimeDays < 1)
        {
            problems.Add("ApiTokens:MaxLifetimeDays must be at least 1.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
