using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

public sealed class ListBucketsRequestValidator : AbstractValidator<ListBucketsRequest>
{
    public ListBucketsRequestValidator()
    {
        RuleFor(r => r.CloudAccountId).NotEmpty().WithMessage("'cloudAccountId' is required.");
    }
}
