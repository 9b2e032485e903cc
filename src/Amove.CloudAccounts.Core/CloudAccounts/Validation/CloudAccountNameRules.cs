using Amove.CloudAccounts.Core.Data.Configurations;
using Amove.CloudAccounts.Core.Validation;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

/// <summary>What a cloud account's name must be, wherever a client names one (<c>insert</c>'s name, a connect flow's cloudName).</summary>
public static class CloudAccountNameRules
{
    public static IRuleBuilderOptions<T, string?> MustBeACloudAccountName<T>(this IRuleBuilder<T, string?> rule, string field) => rule
        .NotEmpty().WithMessage($"'{field}' is required.")
        .MaximumLength(CloudAccountConfiguration.NameMaxLength)
        .WithMessage($"'{field}' must be at most {CloudAccountConfiguration.NameMaxLength} characters.")
        .MustBeDisplayText(field);
}
