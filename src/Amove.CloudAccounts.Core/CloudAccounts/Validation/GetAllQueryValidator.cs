using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using FluentValidation;

namespace Amove.CloudAccounts.Core.CloudAccounts.Validation;

public sealed class GetAllQueryValidator : AbstractValidator<GetAllQuery>
{
    public GetAllQueryValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(0, GetAllQuery.MaxPage)
            .WithMessage($"'page' must be between 0 and {GetAllQuery.MaxPage}.");
        RuleFor(q => q.PageSize).InclusiveBetween(0, GetAllQuery.MaxPageSize)
            .WithMessage($"'pageSize' must be between 0 and {GetAllQuery.MaxPageSize}.");
        RuleFor(q => q.SortField)
            .Must(field => field is null || CloudAccountSort.TryParse(field, out _))
            .WithMessage($"'sortField' must be one of: {string.Join(", ", CloudAccountSort.Fields)}.");
    }
}
