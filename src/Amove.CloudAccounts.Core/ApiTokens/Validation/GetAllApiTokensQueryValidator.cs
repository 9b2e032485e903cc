using Amove.CloudAccounts.Core.ApiTokens.Contracts;
using FluentValidation;

namespace Amove.CloudAccounts.Core.ApiTokens.Validation;

public sealed class GetAllApiTokensQueryValidator : AbstractValidator<GetAllApiTokensQuery>
{
    public GetAllApiTokensQueryValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(0, GetAllApiTokensQuery.MaxPage)
            .WithMessage($"'page' must be between 0 and {GetAllApiTokensQuery.MaxPage}.");
        RuleFor(q => q.PageSize).InclusiveBetween(0, GetAllApiTokensQuery.MaxPageSize)
            .WithMessage($"'pageSize' must be between 0 and {GetAllApiTokensQuery.MaxPageSize}.");
        RuleFor(q => q.SortField)
            .Must(field => field is null || ApiTokenSort.TryParse(field, out _))
            .WithMessage($"'sortField' must be one of: {string.Join(", ", ApiTokenSort.Fields)}.");
    }
}
