using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors;

/// <summary>Refuses to start with a <c>Connectors</c> section that would leave a provider unbounded or unreachable.</summary>
internal sealed class ConnectorsOptionsValidator : IValidateOptions<ConnectorsOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorsOptions options)
    {
        List<string> problems = [.. options.Bounds.Where(bound => !bound.IsValid).Select(bound => bound.Problem)];
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
