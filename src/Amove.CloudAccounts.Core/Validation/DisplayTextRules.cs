using FluentValidation;

namespace Amove.CloudAccounts.Core.Validation;

/// <summary>Rules for text that other people read in a list (names, titles).</summary>
public static class DisplayTextRules
{
    /// <summary>No control characters or line breaks, and no explicit bidirectional formatting.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeDisplayText<T>(this IRuleBuilder<T, string?> rule, string field) =>
        rule.Must(text => text is null || !text.Any(IsControlOrLineBreak))
            .WithMessage($"'{field}' must not contain control characters or line breaks.")
            .Must(text => text is null || !text.Any(IsBidiOverride))
            .WithMessage($"'{field}' must not contain bidirectional embedding, override or isolate characters (U+202A-U+202E, U+2066-U+2069).");

    private static bool IsControlOrLineBreak(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    // Explicit bidi formatting reorders what other users see ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"). The
    // implicit marks (LRM, RLM, ALM) stay allowed: they cannot reorder letters, and right-to-left names use them to place
    // punctuation; so do the joiners (U+200C, U+200D) of Persian and emoji.
    private static bool IsBidiOverride(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
