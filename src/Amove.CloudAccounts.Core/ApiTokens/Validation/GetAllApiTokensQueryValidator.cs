using Amove.CloudAccounts.Core.ApiTokens.Contracts;
using Amove.CloudAccounts.Core.Validation;
using FluentValidation;

namespace Amove.CloudAccounts.Core.ApiTokens.Validation;

public sealed class GetAllApiTokensQueryValidator : AbstractValidator<GetAllApiTokensQuery>
{
    public GetAllApiTokensQueryValidator()
    {
        Include(new PagedQueryValidator());
        RuleFor(q => q.SortField)
            .Must(field => field is null || ApiTokenSort.TryParse(field, out _))
            .WithMessage($"'sortField' must be one of: {string.Join(", ", ApiTokenSort.Fields)}.");
    }
}
