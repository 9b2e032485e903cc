using Amove.CloudAccounts.Core.Identity;

namespace Amove.CloudAccounts.Api.Authentication;

/// <summary>Records first-time users and accounts, and stops inactive users, before any action runs.</summary>
internal sealed class KnownUserMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, UserDirectory users)
    {
        if (context.User.Identity?.IsAuthenticated == true && AmoveClaims.TryRead(context.User, out var caller))
        {
            // An action that checks the caller in its own query needs no lookup here for a caller already recorded.
            var actionChecksItself = context.GetEndpoint()?.Metadata.GetMetadata<ChecksActiveUserItselfAttribute>() is not null;
            if (!actionChecksItself || !users.MayDeferCheckOf(caller))
            {
                await users.EnsureActiveAsync(caller, context.RequestAborted);
            }
        }

        await next(context);
    }
}
