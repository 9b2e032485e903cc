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
            .WithMessage($"'name' must be at most {CloudAccountConfiguration.NameMaxLength} characters.");

        RuleFor(r => r.AccessKey).MaximumLength(KeyMaxLength)
            .WithMessage($"'accessKey' must be at most {KeyMaxLength} characters.");
        RuleFor(r => r.SecretKey).MaximumLength(KeyMaxLength)
            .WithMessage($"'secretKey' must be at most {KeyMaxLength} characters.");
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
    }
}
