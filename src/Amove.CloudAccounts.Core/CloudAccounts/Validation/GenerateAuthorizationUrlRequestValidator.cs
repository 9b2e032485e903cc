using Amove.CloudAccounts.Core.CloudAccounts.Connect;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

public sealed class GenerateAuthorizationUrlRequestValidator : AbstractValidator<GenerateAuthorizationUrlRequest>
{
    public GenerateAuthorizationUrlRequestValidator()
    {
        RuleFor(r => r.CloudName).MustBeACloudAccountName("cloudName");
        RuleFor(r => r.RedirectUrl).MustBeARedirectUrl();
    }
}

public sealed class AuthorizationCallbackRequestValidator : AbstractValidator<AuthorizationCallbackRequest>
{
    // Far above what providers issue (Microsoft's codes run to about 1,500 characters; a state to about 1,000), small
    // enough to refuse abuse before any decryption or provider call.
    public const int CodeMaxLength = 8 * 1024;
    public const int StateMaxLength = 4 * 1024;
    public const int ErrorMaxLength = 4 * 1024;

    public AuthorizationCallbackRequestValidator()
    {
        RuleFor(r => r.State).NotEmpty().WithMessage("'state' is required.")
            .MaximumLength(StateMaxLength).WithMessage($"'state' must be at most {StateMaxLength} characters.");
        RuleFor(r => r.RedirectUrl).MustBeARedirectUrl();
        RuleFor(r => r.Code).NotEmpty().When(r => string.IsNullOrEmpty(r.Error))
            .WithMessage("'code' is required unless the provider answered an 'error'.");
        RuleFor(r => r.Code).MaximumLength(CodeMaxLength).WithMessage($"'code' must be at most {CodeMaxLength} characters.");
        RuleFor(r => r.Error).MaximumLength(ErrorMaxLength).WithMessage($"'error' must be at most {ErrorMaxLength} characters.");
        RuleFor(r => r.ErrorDescription).MaximumLength(ErrorMaxLength)
            .WithMessage($"'errorDescription' must be at most {ErrorMaxLength} characters.");
    }
}

internal static class RedirectUrlRules
{
    public static IRuleBuilderOptions<T, string?> MustBeARedirectUrl<T>(this IRuleBuilder<T, string?> rule) => rule
        .NotEmpty().WithMessage("'redirectURL' is required.")
        .Must(url => string.IsNullOrEmpty(url) || RedirectUrls.TryParse(url, out _))
        .WithMessage($"'redirectURL' must be an absolute http or https URL of at most {RedirectUrls.MaxLength} characters, without user information or fragment.");
}
