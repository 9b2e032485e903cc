using Amove.CloudAccounts.Core.AmoveStorage.Contracts;
using Amove.CloudAccounts.Core.Entities;
using FluentValidation;

namespace Amove.CloudAccounts.Core.AmoveStorage.Validation;

public sealed class AddStorageRequestValidator : AbstractValidator<AddStorageRequest>
{
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;

    public AddStorageRequestValidator()
    {
        RuleFor(r => r.RegionName).MaximumLength(RegionKeys.MaxLength)
            .WithMessage($"'regionName' must be at most {RegionKeys.MaxLength} characters.");

        RuleFor(r => r.StorageTier)
            .Must(tier => tier is StorageTier.Perform or StorageTier.Global or StorageTier.Scale or StorageTier.Archive)
            .WithMessage("'storageTier' must be 1 (Perform), 2 (Global), 4 (Scale) or 8 (Archive).");

        RuleFor(r => r.DefaultPassword)
            .Length(PasswordMinLength, PasswordMaxLength)
            .When(r => r.DefaultPassword is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage($"'defaultPassword' must be {PasswordMinLength} to {PasswordMaxLength} characters long.")
            .Must(password => password is null || !password.Any(char.IsControl))
            .WithMessage("'defaultPassword' must not contain control characters.");
    }
}
