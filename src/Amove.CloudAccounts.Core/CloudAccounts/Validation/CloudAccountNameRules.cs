using Amove.CloudAccounts.Core.Data.Configurations;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

/// <summary>What a cloud account's name must be, wherever a client names one (<c>insert</c>'s name, a connect flow's cloudName).</summary>
public static class CloudAccountNameRules
{
    public static IRuleBuilderOptions<T, string?> MustBeACloudAccountName<T>(this IRuleBuilder<T, string?> rule, string field) => rule
        .NotEmpty().WithMessage($"'{field}' is required.")
        .MaximumLength(CloudAccountConfiguration.NameMaxLength)
        .WithMessage($"'{field}' must be at most {CloudAccountConfiguration.NameMaxLength} characters.")
        .Must(name => name is null || !name.Any(IsControlOrLineBreak))
        .WithMessage($"'{field}' must not contain control characters or line breaks.")
        .Must(name => name is null || !name.Any(IsBidiOverride))
        .WithMessage($"'{field}' must not contain bidirectional embedding, override or isolate characters (U+202A-U+202E, U+2066-U+2069).");

    // C0 and C1 controls (NUL, ESC, ...) and the line and paragraph separators break a one-line label.
    private static bool IsControlOrLineBreak(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    // Explicit bidi formatting reorders what other users of a shared account see ("invoice\u202Efdp.exe" shows as
    // "invoiceexe.pdf"). The implicit marks (LRM, RLM, ALM) stay allowed: they cannot reorder letters, and
    // right-to-left names use them to place punctuation; so do the joiners (U+200C, U+200D) of Persian and emoji.
    private static bool IsBidiOverride(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
