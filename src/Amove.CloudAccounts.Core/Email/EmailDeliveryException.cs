namespace Amove.CloudAccounts.Core.Email;

/// <summary>
/// An e-mail was not accepted. The message says why in terms safe to log and to store in the outbox (a server's
/// status code, a socket error): never an address, a body or a credential.
/// </summary>
public sealed class EmailDeliveryException(string message, Exception? innerException = null) : Exception(message, innerException);
