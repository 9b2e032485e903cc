using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.ApiTokens;

/// <summary>The fields <c>apitoken/get_all</c> sorts by, with a stable tie-breaker so pages never overlap.</summary>
public static class ApiTokenSort
{
    public const string CreateDate = "CreateDate";
    public const string Title = "Title";

    public static IReadOnlyList<string> Fields { get; } = [CreateDate, Title];

    public static bool TryParse(string? value, out string field)
    {
        field = Fields.FirstOrDefault(f => string.Equals(f, value, StringComparison.OrdinalIgnoreCase)) ?? "";
        return field.Length > 0;
    }

    public static IQueryable<ApiToken> Apply(IQueryable<ApiToken> query, string field, bool descending) =>
        (field, descending) switch
        {
            (Title, false) => query.OrderBy(t => t.Title).ThenBy(t => t.Id),
            (Title, true) => query.OrderByDescending(t => t.Title).ThenBy(t => t.Id),
            (_, false) => query.OrderBy(t => t.CreateDate).ThenBy(t => t.Id),
            (_, true) => query.OrderByDescending(t => t.CreateDate).ThenBy(t => t.Id),
        };
}
