using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.ApiTokens;
using AmoveClient;

namespace Amove.CloudAccounts.Api.Tests.Docs;

/// <summary>
/// The README's snippets that decrypt the storage keys <c>get_amove_storage</c> sends to an encrypted API token, run
/// against values the service's own <see cref="DeliveredSecret"/> encrypts: a snippet that drifts from the format, or
/// a format that drifts from the snippets, fails here. The C# one is docs/snippets/DecryptStorageKey.cs, compiled into
/// this project; the Python and JavaScript ones are cut from the README and run with python3 and node.
/// </summary>
public sealed class DecryptSnippetTests
{
    private const string SnippetsHeading = "### Decrypting the storage keys";
    private const string WrongKey = "not the key the token was created with";

    private static readonly string Readme =
        File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");

    /// <summary>A storage key and an encryption key: a typical pair, a key outside ASCII (hashed as UTF-8), an empty value.</summary>
    public static TheoryData<string, string> Secrets => new()
    {
        { "E2EXAMPLEACCESSKEY01", "correct horse battery staple" },
        { "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "Schlüssel für den Desktop-Agenten ✓" },
        { "", "0123456789abcdef" },
    };

    [Fact]
    public void The_README_shows_the_CSharp_snippet_file_exactly_as_it_is_compiled_and_tested()
    {
        var compiled = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "snippets", "DecryptStorageKey.cs"));

        Assert.Equal(compiled.ReplaceLineEndings("\n"), Snippet("csharp"));
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public void The_CSharp_snippet_returns_the_storage_key_the_service_encrypted(string storageKey, string encryptionKey)
    {
        var delivered = DeliveredSecret.Encrypt(storageKey, encryptionKey);

        Assert.Equal(storageKey, StorageKeyDecryption.Decrypt(delivered, encryptionKey));
    }

    [Fact]
    public void The_CSharp_snippet_refuses_a_value_decrypted_with_another_key()
    {
        var delivered = DeliveredSecret.Encrypt("E2EXAMPLEACCESSKEY01", "correct horse battery staple");

        Assert.Throws<AuthenticationTagMismatchException>(() => StorageKeyDecryption.Decrypt(delivered, WrongKey));
    }

    [Fact]
    public void The_CSharp_snippet_refuses_a_value_altered_on_the_way()
    {
        var sealedValue = Convert.FromBase64String(DeliveredSecret.Encrypt("E2EXAMPLEACCESSKEY01", "correct horse battery staple"));
        sealedValue[DeliveredSecret.NonceBytes] ^= 0x01;

        Assert.Throws<AuthenticationTagMismatchException>(
            () => StorageKeyDecryption.Decrypt(Convert.ToBase64String(sealedValue), "correct horse battery staple"));
    }

    [Fact]
    public void The_worked_example_in_the_API_token_reference_decrypts_to_the_access_key_it_names()
    {
        const string workedExample = "AAECAwQFBgcICQoLUv+ZCy3gsqaO1fubAPnH9iMr0INt2Pzk/R4K5HhFw7Dhtvi5";
        var reference = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "api-tokens.md"));

        Assert.Contains($"\n{workedExample}\n", reference.ReplaceLineEndings("\n"));
        Assert.Equal("E2EXAMPLEACCESSKEY01", StorageKeyDecryption.Decrypt(workedExample, "correct horse battery staple"));
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task The_JavaScript_snippet_returns_the_storage_key_the_service_encrypted(string storageKey, string encryptionKey)
    {
        var run = await RunJavaScriptAsync(DeliveredSecret.Encrypt(storageKey, encryptionKey), encryptionKey);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(storageKey, run.Output);
    }

    [Fact]
    public async Task The_JavaScript_snippet_fails_instead_of_returning_text_for_another_key()
    {
        var run = await RunJavaScriptAsync(DeliveredSecret.Encrypt("E2EXAMPLEACCESSKEY01", "correct horse battery staple"), WrongKey);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("unable to authenticate data", run.Error);
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task The_Python_snippet_returns_the_storage_key_the_service_encrypted(string storageKey, string encryptionKey)
    {
        var run = await RunPythonAsync(DeliveredSecret.Encrypt(storageKey, encryptionKey), encryptionKey);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(storageKey, run.Output);
    }

    [Fact]
    public async Task The_Python_snippet_fails_instead_of_returning_text_for_another_key()
    {
        var run = await RunPythonAsync(DeliveredSecret.Encrypt("E2EXAMPLEACCESSKEY01", "correct horse battery staple"), WrongKey);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.Contains("InvalidTag", run.Error);
    }

    /// <summary>The body of the first <paramref name="language"/> code block of the README's decryption section.</summary>
    private static string Snippet(string language)
    {
        var heading = Readme.IndexOf(SnippetsHeading + "\n", StringComparison.Ordinal);
        Assert.True(heading >= 0, $"The README has no '{SnippetsHeading}' section.");
        var block = Regex.Match(
            Readme[heading..], $"^```{language}\n(.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline, TimeSpan.FromSeconds(5));
        Assert.True(block.Success, $"The README's '{SnippetsHeading}' section has no {language} code block.");
        return block.Groups[1].Value;
    }

    // The snippets are functions; each run appends the one call a reader would write, with the inputs in the environment.
    private static Task<ProcessRun> RunJavaScriptAsync(string encryptedValue, string encryptionKey) => RunAsync(
        "node",
        Snippet("js") + "\nprocess.stdout.write(decryptStorageKey(process.env.AMOVE_ENCRYPTED_VALUE, process.env.AMOVE_ENCRYPTION_KEY));\n",
        encryptedValue,
        encryptionKey);

    private static Task<ProcessRun> RunPythonAsync(string encryptedValue, string encryptionKey) => RunAsync(
        PythonPath,
        Snippet("python") + "\nimport os, sys\nsys.stdout.write(decrypt_storage_key(os.environ['AMOVE_ENCRYPTED_VALUE'], os.environ['AMOVE_ENCRYPTION_KEY']))\n",
        encryptedValue,
        encryptionKey);

    /// <summary>A python3 that has the cryptography package; scripts/test.sh finds or installs one and sets AMOVE_TEST_PYTHON.</summary>
    private static string PythonPath =>
        Environment.GetEnvironmentVariable("AMOVE_TEST_PYTHON") is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException(
                "AMOVE_TEST_PYTHON is not set. Run the tests with scripts/test.sh, which finds or installs a python3 with the cryptography package and sets it.");

    /// <summary>Runs <paramref name="script"/>, read from standard input (<c>-</c>) by <paramref name="interpreter"/>.</summary>
    private static async Task<ProcessRun> RunAsync(string interpreter, string script, string encryptedValue, string encryptionKey)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var start = new ProcessStartInfo(interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = utf8,
            StandardOutputEncoding = utf8,
            StandardErrorEncoding = utf8,
            Environment =
            {
                ["AMOVE_ENCRYPTED_VALUE"] = encryptedValue,
                ["AMOVE_ENCRYPTION_KEY"] = encryptionKey,
                ["PYTHONUTF8"] = "1",
            },
        };
        start.ArgumentList.Add("-");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();

        // Only a guard against a hung interpreter; a normal run takes well under a second.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessRun(process.ExitCode, await output, await error);
    }

    private sealed record ProcessRun(int ExitCode, string Output, string Error);
}
