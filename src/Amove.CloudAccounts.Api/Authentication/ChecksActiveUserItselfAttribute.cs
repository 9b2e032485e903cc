namespace Amove.CloudAccounts.Api.Authentication;

/// <summary>
/// Marks an action whose service call checks in its own query that the caller is active, so the
/// <see cref="KnownUserMiddleware"/> may skip its lookup for a caller already recorded as the token describes.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChecksActiveUserItselfAttribute : Attribute;
