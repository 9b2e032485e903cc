using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Outbound;
using Amove.CloudAccounts.Core.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;

namespace Amove.CloudAccounts.Api.Errors;

/// <summary>
/// The one place exceptions become responses: the service's own and the providers' failures are
/// 499s; anything else is a bug, logged with the trace id and answered 500 without a body.
/// </summary>
internal sealed partial class AmoveExceptionHandler(ILogger<AmoveExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client has gone; nobody reads an answer.
            return true;
        }

        (string Code, IEnumerable<string> Messages, TimeSpan? RetryAfter)? problem = exception switch
        {
            AmoveException e => (e.Code, [e.Message], e.RetryAfter),
            ValidationException e => (ErrorCodes.Default, e.Errors.Select(error => error.ErrorMessage), null),
            StorageProviderException e => (ProviderFailureCodes.ToErrorCode(e.Failure), [e.Message], e.RetryAfter),
            OutboundBlockedException e => (ErrorCodes.Security, [e.Message], null),
            BadHttpRequestException e => (ErrorCodes.Default, [e.Message], null),
            _ when DatabaseUnavailable.Caused(exception) => (DatabaseUnavailable.CodeFor(context.Request.Method), [DatabaseUnavailable.Message], null),
            _ => null,
        };

        if (problem is not { } p)
        {
            LogUnhandled(exception, context.TraceIdentifier);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return true;
        }

        await AmoveProblem.WriteAsync(context, p.Code, p.Messages, p.RetryAfter);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for request {TraceId}")]
    private partial void LogUnhandled(Exception exception, string traceId);
}
