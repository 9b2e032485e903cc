using Amove.CloudAccounts.Core.Identity;

namespace Amove.CloudAccounts.Api.Authentication;

/// <summary>Records first-time users and accounts, and stops inactive users, before any action runs.</summary>
internal sealed class KnownUserMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, UserDirectory users)
    {
        if (context.User.Identity?.IsAuthenticated == true && AmoveClaims.TryRead(context.User, out var caller)
            && !(context.GetEndpoint()?.Metadata.GetMetadata<ChecksActiveUserItselfAttribute>() is not null
                 && users.MayDeferCheckOf(caller)))
        {
            await users.EnsureActiveAsync(caller, context.RequestAborted);
        }

        await next(context);
    }
}
