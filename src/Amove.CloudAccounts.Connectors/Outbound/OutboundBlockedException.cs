namespace Amove.CloudAccounts.Connectors.Outbound;

/// <summary>The outbound guard refused a destination. The message is safe to show to a client.</summary>
public sealed class OutboundBlockedException(string message) : Exception(message);
