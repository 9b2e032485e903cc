using Amove.CloudAccounts.Core.Security;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Authentication;

/// <summary>
/// The symmetric keys under <c>Authentication:Schemes:Bearer:SigningKeys</c>, checked at startup: a short or
/// published key lets anyone mint tokens for any user.
/// </summary>
public sealed class BearerSigningKeyOptions
{
    public const string SectionName = "Authentication:Schemes:Bearer";

    /// <summary>What <c>.env.example</c> and the compose file ship instead of a key; never valid.</summary>
    public const string Placeholder = SymmetricSigningKeys.Placeholder;

    public List<SigningKey> SigningKeys { get; set; } = [];

    public sealed class SigningKey
    {
        public string? Issuer { get; set; }

        /// <summary>Base64 of the key bytes.</summary>
        public string? Value { get; set; }
    }

    /// <summary>Why the key at <paramref name="index"/> is unusable, or null when it is fine.</summary>
    public static string? Problem(int index, string? value) =>
        SymmetricSigningKeys.Problem($"{SectionName}:SigningKeys:{index}:Value", value);
}

/// <summary>Refuses a signing key that is the placeholder, not base64, or shorter than 32 bytes.</summary>
internal sealed class BearerSigningKeyValidation : IValidateOptions<BearerSigningKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, BearerSigningKeyOptions options)
    {
        var problems = options.SigningKeys
            .Select((key, index) => BearerSigningKeyOptions.Problem(index, key.Value))
            .OfType<string>()
            .ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
