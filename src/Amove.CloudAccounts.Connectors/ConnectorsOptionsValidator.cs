using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Connectors;

/// <summary>Refuses to start with a <c>Connectors</c> section that would leave a provider unbounded or unreachable.</summary>
internal sealed class ConnectorsOptionsValidator : IValidateOptions<ConnectorsOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorsOptions options)
    {
        List<string> problems = [.. options.Bounds.Where(bound => !bound.IsValid).Select(bound => bound.Problem)];
        if (!options.Endpoints.All(endpoint => endpoint.IsValid))
        {
            problems.Add("Every Connectors:<provider>:ServiceUrl must be empty or an absolute http or https URL.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
