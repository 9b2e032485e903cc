using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Platform;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Data.Configurations;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

public sealed class InsertCloudAccountRequestValidator : AbstractValidator<InsertCloudAccountRequest>
{
    // Generous for every real provider's keys and tokens, small enough to refuse abuse.
    public const int KeyMaxLength = 1024;
    public const int CredentialsDataMaxLength = 16 * 1024;

    private readonly ProviderCatalog _catalog;

    public InsertCloudAccountRequestValidator(ProviderCatalog catalog)
    {
        _catalog = catalog;
        RuleFor(r => r.CloudType).IsInEnum()
            .WithMessage("'cloudType' must be one of the CloudProvider values.");

        RuleFor(r => r.Name).MustBeACloudAccountName("name");

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

        // What each provider needs comes from its connector's description; a provider without a connector yet is
        // refused by the service.
        When(r => catalog.Find(r.CloudType) is not null, () =>
        {
            When(r => Describe(r).Credentials == CredentialKind.KeyPair, () =>
            {
                RuleFor(r => r.AccessKey).NotEmpty()
                    .WithMessage(r => $"'accessKey' is required for {Named(r)}: the {Describe(r).AccessKeyMeaning}.");
                RuleFor(r => r.SecretKey).NotEmpty()
                    .WithMessage(r => $"'secretKey' is required for {Named(r)}: the {Describe(r).SecretKeyMeaning}.");
                RuleFor(r => r.CredentialsData).Empty()
                    .WithMessage(r => $"'credentialsData' is not used by {Named(r)}: send accessKey and secretKey.");
            });

            When(r => Describe(r).Credentials == CredentialKind.OAuthToken, () =>
            {
                RuleFor(r => r.CredentialsData).NotEmpty()
                    .WithMessage(r => $"'credentialsData' is required for {Named(r)}.")
                    .Must(data => OAuthTokens.TryParse(data, DateTimeOffset.UnixEpoch, out _))
                    .When(r => !string.IsNullOrEmpty(r.CredentialsData), ApplyConditionTo.CurrentValidator)
                    .WithMessage("'credentialsData' must be a JSON object with an 'access_token'.");
                RuleFor(r => r.AccessKey).Empty()
                    .WithMessage(r => $"'accessKey' is not used by {Named(r)}: send its OAuth tokens in credentialsData.");
                RuleFor(r => r.SecretKey).Empty()
                    .WithMessage(r => $"'secretKey' is not used by {Named(r)}: send its OAuth tokens in credentialsData.");
            });

            RuleFor(r => r.ServiceUrl).NotEmpty()
                .When(r => Describe(r).ServiceUrl == ServiceUrlRule.Required)
                .WithMessage(r => $"'serviceUrl' is required for {Named(r)}.");
            RuleFor(r => r.ServiceUrl).Empty()
                .When(r => Describe(r).ServiceUrl == ServiceUrlRule.Fixed)
                .WithMessage(r => $"'serviceUrl' is not used by {Named(r)}: its API hosts are fixed.");
        });

        RuleFor(r => r.ServiceUrl)
            .MaximumLength(CloudAccountConfiguration.ServiceUrlMaxLength)
            .WithMessage($"'serviceUrl' must be at most {CloudAccountConfiguration.ServiceUrlMaxLength} characters.")
            .Must(BeAnAbsoluteHttpUrl).When(r => !string.IsNullOrEmpty(r.ServiceUrl), ApplyConditionTo.CurrentValidator)
            .WithMessage("'serviceUrl' must be an absolute http or https URL.");
    }

    // Credentials in the URL would be stored and logged in plaintext, outside the encrypted fields.
    public static bool BeAnAbsoluteHttpUrl(string? value) =>
        ServiceUrls.TryParse(value, out var uri) && uri.Host.Length > 0 && uri.UserInfo.Length == 0;

    private ProviderDescription Describe(InsertCloudAccountRequest request) => _catalog.Find(request.CloudType)!;

    private string Named(InsertCloudAccountRequest request) => $"cloudType {(int)request.CloudType} ({Describe(request).DisplayName})";
}
