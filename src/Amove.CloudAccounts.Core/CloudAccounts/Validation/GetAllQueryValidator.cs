using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Validation;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

public sealed class GetAllQueryValidator : AbstractValidator<GetAllQuery>
{
    public GetAllQueryValidator()
    {
        Include(new PagedQueryValidator());
        RuleFor(q => q.SortField)
            .Must(field => field is null || CloudAccountSort.TryParse(field, out _))
            .WithMessage($"'sortField' must be one of: {string.Join(", ", CloudAccountSort.Fields)}.");
    }
}
