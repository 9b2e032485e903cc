using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Core.Errors;

/// <summary>How a provider's failure is told to the client: never as our own 401 or a 500.</summary>
public static class ProviderFailureCodes
{
    public static string ToErrorCode(ProviderFailure failure) => failure switch
    {
        ProviderFailure.AccessDenied => ErrorCodes.Access,
        ProviderFailure.NotFound => ErrorCodes.NotFound,
        ProviderFailure.InvalidRequest => ErrorCodes.Default,
        ProviderFailure.Blocked => ErrorCodes.Security,
        ProviderFailure.Throttled or ProviderFailure.Unavailable or ProviderFailure.TimedOut or ProviderFailure.Oversized =>
            ErrorCodes.InternalError,
    };
}
