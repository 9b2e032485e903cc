namespace Amove.CloudAccounts.Core.Errors;

/// <summary>
/// An application-level failure the client is told about: answered as HTTP 499 with
/// <see cref="Code"/> as the problem type and the <c>error-code</c> header.
/// </summary>
public class AmoveException(string code, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public string Code { get; } = code;

    /// <summary>Passed on as a Retry-After header when set (e.g. a throttling provider).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static AmoveException ObjectNotFound() => new(ErrorCodes.Global, "Object not found.");

    public static AmoveException Invalid(string message) => new(ErrorCodes.Default, message);

    public static AmoveException AccessDenied(string message) => new(ErrorCodes.Access, message);
}
