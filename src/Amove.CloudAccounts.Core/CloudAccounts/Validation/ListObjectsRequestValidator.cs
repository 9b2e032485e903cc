using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

public sealed class ListObjectsRequestValidator : AbstractValidator<ListObjectsRequest>
{
    // S3 keys are at most 1024 bytes; bucket names at most 63 characters, other providers' ids are short.
    public const int PathMaxLength = 1024;
    public const int NameMaxLength = 255;
    public const int ContinuationTokenMaxLength = 8192;

    public ListObjectsRequestValidator()
    {
        RuleFor(r => r.CloudAccountId).NotEmpty().WithMessage("'cloudAccountId' is required.");

        RuleFor(r => r.BucketName).NotEmpty().When(r => string.IsNullOrEmpty(r.Id))
            .WithMessage("'bucketName' is required.");
        RuleFor(r => r.BucketName).MaximumLength(NameMaxLength)
            .WithMessage($"'bucketName' must be at most {NameMaxLength} characters.")
            .Must(BeASingleName)
            .WithMessage("'bucketName' must be a bucket name, not a path.");
        RuleFor(r => r.Id).MaximumLength(NameMaxLength)
            .WithMessage($"'id' must be at most {NameMaxLength} characters.");

        RuleFor(r => r.Path).MaximumLength(PathMaxLength)
            .WithMessage($"'path' must be at most {PathMaxLength} characters.")
            .Must(path => path is null || !path.Contains('\0'))
            .WithMessage("'path' must not contain NUL characters.");

        RuleFor(r => r.ContinuationToken).MaximumLength(ContinuationTokenMaxLength)
            .WithMessage("'continuationToken' is invalid or expired.");

        RuleFor(r => r.Count).GreaterThan(0).WithMessage("'count' must be greater than 0.");
    }

    // Providers address buckets by name in the URL path: a separator or a dot segment would list something else.
    private static bool BeASingleName(string? name) =>
        string.IsNullOrEmpty(name)
        || (name is not "." and not ".." && name.IndexOfAny(['/', '\\', '?', '#', '%']) < 0 && !name.Any(char.IsControl));
}
