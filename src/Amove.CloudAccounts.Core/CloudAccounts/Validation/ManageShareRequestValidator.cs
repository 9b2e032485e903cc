using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

public sealed class ManageShareRequestValidator : AbstractValidator<ManageShareRequest>
{
    public ManageShareRequestValidator()
    {
        RuleFor(r => r.Id).NotEmpty().WithMessage("'id' is required.");
        RuleFor(r => r.Shared).NotNull().WithMessage("'shared' is required.");
    }
}
