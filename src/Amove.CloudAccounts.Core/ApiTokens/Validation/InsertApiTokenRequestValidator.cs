using Amove.CloudAccounts.Core.ApiTokens.Contracts;
using Amove.CloudAccounts.Core.Data.Configurations;
using Amove.CloudAccounts.Core.Validation;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.ApiTokens.Validation;

public sealed class InsertApiTokenRequestValidator : AbstractValidator<InsertApiTokenRequest>
{
    public const int EncryptionKeyMinLength = 16;
    public const int EncryptionKeyMaxLength = 1024;

    public InsertApiTokenRequestValidator(IOptions<ApiTokensOptions> options, TimeProvider clock)
    {
        var maxLifetimeDays = options.Value.MaxLifetimeDays;

        RuleFor(r => r.Title).NotEmpty().WithMessage("'title' is required.")
            .MaximumLength(ApiTokenConfiguration.TitleMaxLength)
            .WithMessage($"'title' must be at most {ApiTokenConfiguration.TitleMaxLength} characters.")
            .MustBeDisplayText("title");

        When(r => r.IsEncrypted, () =>
        {
            RuleFor(r => r.EncryptionKey).NotEmpty().WithMessage("'encryptionKey' is required when 'isEncrypted' is true.")
                .MinimumLength(EncryptionKeyMinLength)
                .WithMessage($"'encryptionKey' must be at least {EncryptionKeyMinLength} characters.")
                .MaximumLength(EncryptionKeyMaxLength)
                .WithMessage($"'encryptionKey' must be at most {EncryptionKeyMaxLength} characters.");
        }).Otherwise(() =>
        {
            // A key sent without isEncrypted would be ignored, and the client would believe its secrets are protected.
            RuleFor(r => r.EncryptionKey).Empty().WithMessage("'encryptionKey' is only used when 'isEncrypted' is true.");
        });

        RuleFor(r => r.ExpirationDate).NotNull().WithMessage("'expirationDate' is required.")
            .Must(date => date is null || ApiTokenService.AsUtc(date.Value) > clock.GetUtcNow().UtcDateTime)
            .WithMessage("'expirationDate' must be in the future.")
            .Must(date => date is null || ApiTokenService.AsUtc(date.Value) <= clock.GetUtcNow().UtcDateTime.AddDays(maxLifetimeDays))
            .WithMessage($"'expirationDate' must be at most {maxLifetimeDays} days ahead.");
    }
}
