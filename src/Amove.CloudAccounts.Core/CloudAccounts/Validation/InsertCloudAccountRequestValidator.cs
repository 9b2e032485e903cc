using System.Text.Json;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Data.Configurations;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

public sealed class InsertCloudAccountRequestValidator : AbstractValidator<InsertCloudAccountRequest>
{
    // Generous for every real provider's keys and tokens, small enough to refuse abuse.
    public const int KeyMaxLength = 1024;
    public const int CredentialsDataMaxLength = 16 * 1024;

    public InsertCloudAccountRequestValidator()
    {
        RuleFor(r => r.CloudType).IsInEnum()
            .WithMessage("'cloudType' must be one of the CloudProvider values.");

        RuleFor(r => r.Name).NotEmpty().WithMessage("'name' is required.")
            .MaximumLength(CloudAccountConfiguration.NameMaxLength)
            .WithMessage($"'name' must be at most {CloudAccountConfiguration.NameMaxLength} characters.")
            .Must(name => name is null || !name.Any(IsControlOrLineBreak))
            .WithMessage("'name' must not contain control characters or line breaks.")
            .Must(name => name is null || !name.Any(IsBidiOverride))
            .WithMessage("'name' must not contain bidirectional embedding, override or isolate characters (U+202A-U+202E, U+2066-U+2069).");

        // No provider issues keys with control characters; the start of the access key is stored in clear, where
        // PostgreSQL refuses a NUL.
        RuleFor(r => r.AccessKey).MaximumLength(KeyMaxLength)
            .WithMessage($"'accessKey' must be at most {KeyMaxLength} characters.")
            .Must(key => key is null || !key.Any(char.IsControl))
            .WithMessage("'accessKey' must not contain control characters.");
        RuleFor(r => r.SecretKey).MaximumLength(KeyMaxLength)
            .WithMessage($"'secretKey' must be at most {KeyMaxLength} characters.")
            .Must(key => key is null || !key.Any(char.IsControl))
            .WithMessage("'secretKey' must not contain control characters.");
        RuleFor(r => r.CredentialsData).MaximumLength(CredentialsDataMaxLength)
            .WithMessage($"'credentialsData' must be at most {CredentialsDataMaxLength} characters.");

        When(r => ProviderCredentialKinds.UsesKeyPair(r.CloudType), () =>
        {
            RuleFor(r => r.AccessKey).NotEmpty()
                .WithMessage(r => $"'accessKey' is required for cloudType {(int)r.CloudType}.");
            RuleFor(r => r.SecretKey).NotEmpty()
                .WithMessage(r => $"'secretKey' is required for cloudType {(int)r.CloudType}.");
        });

        When(r => ProviderCredentialKinds.UsesOAuthToken(r.CloudType), () =>
        {
            RuleFor(r => r.CredentialsData).NotEmpty()
                .WithMessage(r => $"'credentialsData' is required for cloudType {(int)r.CloudType}.")
                .Must(HoldAnAccessToken).When(r => !string.IsNullOrEmpty(r.CredentialsData), ApplyConditionTo.CurrentValidator)
                .WithMessage("'credentialsData' must be a JSON object with an 'access_token'.");
        });

        RuleFor(r => r.ServiceUrl).NotEmpty()
            .When(r => ProviderCredentialKinds.RequiresServiceUrl(r.CloudType))
            .WithMessage(r => $"'serviceUrl' is required for cloudType {(int)r.CloudType}.");

        RuleFor(r => r.ServiceUrl)
            .MaximumLength(CloudAccountConfiguration.ServiceUrlMaxLength)
            .WithMessage($"'serviceUrl' must be at most {CloudAccountConfiguration.ServiceUrlMaxLength} characters.")
            .Must(BeAnAbsoluteHttpUrl).When(r => !string.IsNullOrEmpty(r.ServiceUrl), ApplyConditionTo.CurrentValidator)
            .WithMessage("'serviceUrl' must be an absolute http or https URL.");
    }

    // C0 and C1 controls (NUL, ESC, ...) and the line and paragraph separators break a one-line label.
    private static bool IsControlOrLineBreak(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    // Explicit bidi formatting reorders what other users of a shared account see ("invoice\u202Efdp.exe" shows as
    // "invoiceexe.pdf"). The implicit marks (LRM, RLM, ALM) stay allowed: they cannot reorder letters, and
    // right-to-left names use them to place punctuation; so do the joiners (U+200C, U+200D) of Persian and emoji.
    private static bool IsBidiOverride(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    // Credentials in the URL would be stored and logged in plaintext, outside the encrypted fields.
    public static bool BeAnAbsoluteHttpUrl(string? value) =>
        ServiceUrls.TryParse(value, out var uri) && uri.Host.Length > 0 && uri.UserInfo.Length == 0;

    private static bool HoldAnAccessToken(string? credentialsData)
    {
        try
        {
            using var document = JsonDocument.Parse(credentialsData!);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("access_token", out var token)
                && token.ValueKind == JsonValueKind.String
                && token.GetString()!.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // The token is escaped text that is not valid UTF-16 ("\ud800"): no provider issued that.
            return false;
        }
    }
}
