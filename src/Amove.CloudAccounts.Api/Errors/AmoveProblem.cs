using Microsoft.AspNetCore.Mvc;

namespace Amove.CloudAccounts.Api.Errors;

/// <summary>
/// Amove's application error: HTTP 499, a <see cref="ValidationProblemDetails"/> whose <c>type</c> is
/// the error code and whose <c>errors</c> has that code as its only key, and an <c>error-code</c> header.
/// </summary>
public static class AmoveProblem
{
    public const int StatusCode = 499;
    public const string ErrorCodeHeader = "error-code";
    public const string ContentType = "application/problem+json";

    public static ValidationProblemDetails Create(string code, IEnumerable<string> messages) =>
        new(new Dictionary<string, string[]> { [code] = messages.Distinct().ToArray() })
        {
            Type = code,
            Title = null,
            Status = StatusCode,
        };

    public static void AddHeaders(HttpResponse response, string code, TimeSpan? retryAfter)
    {
        response.Headers[ErrorCodeHeader] = code;
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString();
        }
    }

    public static async Task WriteAsync(
        HttpContext context, string code, IEnumerable<string> messages, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = StatusCode;
        AddHeaders(context.Response, code, retryAfter);
        await context.Response.WriteAsJsonAsync(
            Create(code, messages), options: null, contentType: ContentType, context.RequestAborted);
    }
}
