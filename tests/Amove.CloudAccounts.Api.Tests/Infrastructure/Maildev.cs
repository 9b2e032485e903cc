using System.Text.Json.Nodes;
using Amove.CloudAccounts.TestSupport;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>A message as the local maildev received it.</summary>
public sealed record MaildevMessage(string Subject, string Text, IReadOnlyList<string> To, IReadOnlyList<string> From);

/// <summary>
/// The local maildev (2.2.1) that scripts/test.sh starts: its REST API lists every message its SMTP server accepted.
/// Tests share it, so each one picks its own messages out by a unique subject or recipient.
/// </summary>
public static class Maildev
{
    private static readonly Lazy<HttpClient> Http = new(() => new HttpClient
    {
        BaseAddress = TestEnvironment.MaildevUrl,
        Timeout = TimeSpan.FromSeconds(10),
    });

    public static async Task<IReadOnlyList<MaildevMessage>> MessagesAsync()
    {
        var body = await Http.Value.GetStringAsync("/email");
        return [.. JsonNode.Parse(body)!.AsArray().Select(m => new MaildevMessage(
            (string?)m!["subject"] ?? "",
            (string?)m["text"] ?? "",
            Addresses(m["to"]),
            Addresses(m["from"])))];
    }

    /// <summary>
    /// Polls until at least <paramref name="count"/> messages match, and returns every match; fails after the
    /// timeout (30 s by default). Waiting for presence only: absence is proved by a later message that did arrive.
    /// </summary>
    public static async Task<IReadOnlyList<MaildevMessage>> WaitForAsync(Func<MaildevMessage, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        List<MaildevMessage> matches = [];
        await Poll.UntilAsync(
            async () => (matches = [.. (await MessagesAsync()).Where(match)]).Count >= count,
            $"maildev to receive {count} matching message(s)",
            timeout);
        return matches;
    }

    private static string[] Addresses(JsonNode? list) =>
        list is JsonArray array ? [.. array.Select(a => (string?)a!["address"] ?? "")] : [];
}
