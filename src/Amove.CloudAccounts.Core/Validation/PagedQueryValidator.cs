using FluentValidation;

namespace Amove.CloudAccounts.Core.Validation;

/// <summary>A listing query's page and page size (<c>get_all</c> of cloud accounts and of API tokens).</summary>
public interface IPagedQuery
{
    /// <summary>1-based; 0 with <see cref="PageSize"/> 0 means unpaged.</summary>
    int Page { get; }

    /// <summary>0 means unpaged.</summary>
    int PageSize { get; }
}

/// <summary>Bounds every listing's paging the same way; included by each listing query's validator.</summary>
public sealed class PagedQueryValidator : AbstractValidator<IPagedQuery>
{
    public const int MaxPageSize = 1000;

    // With MaxPageSize, the row offset (Page - 1) * PageSize stays below int.MaxValue.
    public const int MaxPage = 1_000_000;

    public PagedQueryValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(0, MaxPage)
            .WithMessage($"'page' must be between 0 and {MaxPage}.");
        RuleFor(q => q.PageSize).InclusiveBetween(0, MaxPageSize)
            .WithMessage($"'pageSize' must be between 0 and {MaxPageSize}.");
    }
}
