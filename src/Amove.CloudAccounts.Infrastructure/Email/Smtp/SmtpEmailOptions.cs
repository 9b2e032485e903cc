namespace Amove.CloudAccounts.Infrastructure.Email.Smtp;

/// <summary>The <c>Email</c> section as the SMTP sender reads it: <c>Email:From</c> and <c>Email:Smtp:*</c>.</summary>
internal sealed class SmtpEmailOptions
{
    public const string SectionName = "Email";

    /// <summary>The sender address, optionally with a display name (<c>Amove &lt;storage@amove.io&gt;</c>).</summary>
    public string? From { get; set; }

    public SmtpSettings Smtp { get; set; } = new();

    internal sealed class SmtpSettings
    {
        /// <summary>The SMTP server; empty means e-mail delivery is off (refused in Production).</summary>
        public string? Host { get; set; }

        public int Port { get; set; } = 587;

        /// <summary>
        /// Encrypt the connection: implicit TLS on port 465, STARTTLS (required, not opportunistic) on any other port.
        /// False sends in clear text (a local relay or a test server only; with a Username, refused in Production).
        /// </summary>
        public bool UseTls { get; set; } = true;

        /// <summary>Authenticates when set; leave empty for servers that accept mail without logging in.</summary>
        public string? Username { get; set; }

        /// <summary>Never logged.</summary>
        public string? Password { get; set; }

        /// <summary>Upper bound on connecting, authenticating and sending one message.</summary>
        public int TimeoutSeconds { get; set; } = 30;
    }
}
