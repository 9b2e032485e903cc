using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Amove.CloudAccounts.Api.Tests.Errors;

/// <summary>
/// Runs the generated cases of one fuzz target against an API, a few at a time: none may be a 500, every answer other
/// than 200, 401 or 429 must be a well-formed 499, and a batch whose cases were all rejected must leave the database
/// as it found it. The seed is fixed so CI is deterministic; set AMOVE_FUZZ_SEED (and AMOVE_FUZZ_CASES) to explore
/// further. A failure names the seed, suite, target and case, which replay it exactly.
/// </summary>
public sealed class FuzzRunner(CloudAccountsApiFactory api, ITestOutputHelper output, string suite, int seedOffset)
{
    public const int DefaultSeed = 20261201;
    public const int DefaultCasesPerTarget = 500;
    private const int Concurrency = 4;

    // A cap, not an assertion: on a very slow machine fewer cases run rather than the suite stalling.
    private static readonly TimeSpan TimePerTarget = TimeSpan.FromSeconds(25);

    /// <summary>Cases per target: <paramref name="fallback"/> unless AMOVE_FUZZ_CASES says otherwise.</summary>
    public static int CasesPerTarget(int fallback = DefaultCasesPerTarget) => ReadSetting("AMOVE_FUZZ_CASES", fallback);

    public async Task RunAsync(
        IReadOnlyList<FuzzTarget> targets, string targetName, FuzzWorld world, IReadOnlyList<TestUser> users, int cases = DefaultCasesPerTarget)
    {
        var seed = ReadSetting("AMOVE_FUZZ_SEED", DefaultSeed);
        var targetIndex = targets.ToList().FindIndex(t => t.Name == targetName);
        var target = targets[targetIndex];

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var ran = 0;
        var checkedBatches = 0;
        for (var batch = 0; batch < cases && clock.Elapsed < TimePerTarget; batch += Concurrency)
        {
            var numbers = Enumerable.Range(batch, Math.Min(Concurrency, cases - batch)).ToList();
            var before = await DatabaseSnapshot.TakeAsync(api.ConnectionString);
            var results = await Task.WhenAll(numbers.Select(number =>
                RunCaseAsync(seed, targets, targetIndex + seedOffset, targetIndex, number, world, users[number % users.Count])));
            foreach (var (number, request, status, problem) in results)
            {
                ran++;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (problem is not null && failures.Count < 10)
                {
                    failures.Add($"seed {seed}, {suite} target '{target.Name}' (#{targetIndex}), case {number}: {problem}\n{request}");
                }
            }

            // Only when every case of the batch was refused can a change be pinned on a refused request.
            if (results.All(r => r.Status != 200))
            {
                checkedBatches++;
                var changes = (await DatabaseSnapshot.TakeAsync(api.ConnectionString)).ChangesSince(before, target.RefusedMayWrite);
                if (changes.Count > 0 && failures.Count < 10)
                {
                    failures.Add($"seed {seed}, {suite} target '{target.Name}' (#{targetIndex}), cases {numbers[0]}-{numbers[^1]} were all refused "
                        + $"({string.Join(", ", results.Select(r => r.Status))}) but the database changed: {string.Join(", ", changes)}\n"
                        + string.Join("\n", results.Select(r => r.Request.ToString())));
                }
            }
        }

        output.WriteLine($"seed {seed}, {suite} '{target.Name}': {ran} cases in {clock.Elapsed.TotalSeconds:F1} s, {checkedBatches} refused batches "
            + "checked for database changes; statuses " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    private async Task<(int Number, FuzzRequest Request, int Status, string? Problem)> RunCaseAsync(
        int seed, IReadOnlyList<FuzzTarget> targets, int seedIndex, int targetIndex, int number, FuzzWorld world, TestUser user)
    {
        // One generator per case, so a case replays on its own whatever ran before it.
        var random = new Random(unchecked((seed * 7919) + (seedIndex * 104_729) + number));
        var request = new RequestFuzzer(random, targets[targetIndex], world).Next();
        using var client = api.CreateClientFor(user);
        using var message = request.ToMessage();
        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        return (number, request, status, Judge(request.Method, response, status, body));
    }

    private static string? Judge(string method, HttpResponseMessage response, int status, string body)
    {
        switch (status)
        {
            case 200 or 401 or 429:
                return null;
            case not 499:
                return $"status {status}, body: {body}";
        }

        var code = response.Headers.TryGetValues("error-code", out var codes) ? string.Join(",", codes) : null;
        if (code is null or "")
        {
            return "499 without an error-code header";
        }

        if (method == "HEAD")
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var errors = root.GetProperty("errors").EnumerateObject().ToList();
            var wellFormed = root.GetProperty("type").GetString() == code
                && root.GetProperty("status").GetInt32() == 499
                && errors.Count == 1
                && errors[0].Name == code
                && errors[0].Value.GetArrayLength() > 0
                && response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            return wellFormed ? null : $"malformed 499 ({code}): {body}";
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"499 ({code}) whose body is not the error model: {body}";
        }
    }

    private static int ReadSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
}
