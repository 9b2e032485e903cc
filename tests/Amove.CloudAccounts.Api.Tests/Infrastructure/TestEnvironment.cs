namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>The real servers the tests run against; scripts/test.sh starts them and sets these variables.</summary>
public static class TestEnvironment
{
    public const string S3AccessKey = "S3RVER";
    public const string S3SecretKey = "S3RVER";

    public static string PostgresConnectionString => Required("AMOVE_TEST_POSTGRES");

    public static Uri S3Url => new(Required("AMOVE_TEST_S3_URL"));

    /// <summary>Azurite's storage account name.</summary>
    public const string AzuriteAccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (the well-known emulator key documented by Microsoft), not a secret.</summary>
    public const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The local Azurite Blob endpoint, account name included (http://127.0.0.1:10000/devstoreaccount1).</summary>
    public static Uri AzuriteUrl => new(Required("AMOVE_TEST_AZURITE_URL"));

    /// <summary>host:port of the local Azurite, as the outbound allow-list names it.</summary>
    public static string AzuriteHostAndPort => $"{AzuriteUrl.Host}:{AzuriteUrl.Port}";

    /// <summary>The local maildev's SMTP server as host:port (127.0.0.1:1025).</summary>
    public static string MaildevSmtp => Required("AMOVE_TEST_MAILDEV_SMTP");

    public static string MaildevSmtpHost => MaildevSmtp[..MaildevSmtp.LastIndexOf(':')];

    public static int MaildevSmtpPort => int.Parse(MaildevSmtp[(MaildevSmtp.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The local maildev's web server, whose REST API lists the messages it received (<c>GET /email</c>).</summary>
    public static Uri MaildevUrl => new(Required("AMOVE_TEST_MAILDEV_URL"));

    /// <summary>The nginx binary the reverse-proxy tests run as the proxy in front of the API.</summary>
    public static string NginxPath => Required("AMOVE_TEST_NGINX");

    /// <summary>host:port of the local S3 server, as the outbound allow-list names it.</summary>
    public static string S3HostAndPort => $"{S3Url.Host}:{S3Url.Port}";

    /// <summary>The checkout the tests were built from (where the solution file is).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Amove.CloudAccounts.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
        }
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests with scripts/test.sh, which installs and starts the test peers and sets it.");
}
