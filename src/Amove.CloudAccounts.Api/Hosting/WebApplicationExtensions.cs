using Amove.CloudAccounts.Api.Authentication;
using Amove.CloudAccounts.Api.Controllers;
using Amove.CloudAccounts.Api.Errors;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

public static class WebApplicationExtensions
{
    /// <summary>Amove still serves the unversioned <c>/api/cloudaccount/*</c> and <c>/api/desktop/*</c>; they are the same API.</summary>
    public static IApplicationBuilder UseLegacyCloudAccountRoutes(this IApplicationBuilder app) =>
        app.UseRewriter(new RewriteOptions()
            .AddRewrite("^api/cloudaccount/(.*)$", CloudAccountController.RoutePrefix + "/$1", skipRemainingRules: true)
            .AddRewrite("^api/desktop/(.*)$", DesktopController.RoutePrefix + "/$1", skipRemainingRules: true));

    /// <summary>Records first-time users and refuses inactive ones once the caller is authenticated.</summary>
    public static IApplicationBuilder UseKnownUsers(this IApplicationBuilder app) =>
        app.UseMiddleware<KnownUserMiddleware>();

    /// <summary><c>/health/live</c> checks nothing but the process; <c>/health/ready</c> the database too.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(OperationsServiceCollectionExtensions.ReadyTag),
        });
        return endpoints;
    }

    /// <summary>
    /// Under <c>/api/</c>, an unknown action, or a known one with the wrong method, is a 499 like any bad request: this
    /// API never answers 404 or 405.
    /// </summary>
    public static IEndpointRouteBuilder MapUnknownActions(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFallback("api/{**action}", (HttpContext context) =>
                AmoveProblem.WriteAsync(context, ErrorCodes.Default,
                    [$"'{context.Request.Method} /api/{context.Request.RouteValues["action"]}' is not an action of this API."]))
            .RequireAuthorization()
            .ExcludeFromDescription();
        return endpoints;
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>().Database;
        // MigrateAsync takes a lock and compares the model with the last migration's snapshot, a few hundred milliseconds
        // of every start. When the history already holds every migration, reading it is enough to know there is nothing to do.
        var applied = await database.GetAppliedMigrationsAsync();
        if (database.GetMigrations().Except(applied).Any())
        {
            await database.MigrateAsync();
        }
    }
}
