using Amove.CloudAccounts.Core.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Amove.CloudAccounts.Api.Errors;

/// <summary>
/// Turns model-binding failures (malformed JSON, wrong JSON types, bad uuids, a missing body or
/// content type) into a 499 DEFAULT whose messages name the field, instead of MVC's 400 or 415.
/// </summary>
internal static class InvalidRequestResponse
{
    public static IActionResult Create(ActionContext context) =>
        new ProblemResult(Describe(context.ModelState).ToList());

    // Written by the same code as every other 499, whatever content type the action produces.
    private sealed class ProblemResult(IReadOnlyList<string> messages) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            AmoveProblem.WriteAsync(context.HttpContext, ErrorCodes.Default, messages);
    }

    private static IEnumerable<string> Describe(ModelStateDictionary modelState)
    {
        var failures = modelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .SelectMany(entry => entry.Value!.Errors.Select(error => (Key: entry.Key, Error: error)))
            .ToList();

        // System.Text.Json reports the failing JSON path ("$.count"); MVC then also reports the
        // whole body parameter as missing, which only repeats the first message.
        var bodyUnreadable = failures.Any(f => f.Key.StartsWith('$'));

        foreach (var (key, error) in failures)
        {
            if (error.Exception is UnsupportedContentTypeException)
            {
                yield return "The request body must be JSON (Content-Type: application/json).";
            }
            else if (key == "$" || (key.StartsWith("$.") && !IsConversionFailure(error)))
            {
                yield return "The request body is not valid JSON.";
            }
            else if (key.StartsWith("$."))
            {
                yield return $"'{ToFieldName(key[2..])}' has an invalid value.";
            }
            else if (key.Length == 0 || !modelState.ContainsKey(key) || IsBodyParameter(key, error))
            {
                if (!bodyUnreadable)
                {
                    yield return "The request body is required.";
                }
            }
            else if (error.ErrorMessage.Contains("was not provided", StringComparison.Ordinal))
            {
                yield return $"'{ToFieldName(key)}' is required.";
            }
            else
            {
                yield return $"'{ToFieldName(key)}' has an invalid value.";
            }
        }
    }

    // A value of the wrong JSON type, as opposed to text that is not JSON at all.
    private static bool IsConversionFailure(ModelError error) =>
        (error.Exception?.Message ?? error.ErrorMessage).Contains("could not be converted", StringComparison.Ordinal);

    private static bool IsBodyParameter(string key, ModelError error) =>
        key == "request" || error.ErrorMessage.Contains("non-empty request body", StringComparison.Ordinal);

    private static string ToFieldName(string path) =>
        path.Length == 0 ? path : char.ToLowerInvariant(path[0]) + path[1..];
}
