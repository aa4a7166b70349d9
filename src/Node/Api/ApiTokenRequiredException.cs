namespace Zetina.Node.Api;

/// <summary>Thrown at start-up when the node API would listen beyond loopback with no token provisioned; the message says how to make one.</summary>
internal sealed class ApiTokenRequiredException(string message) : Exception(message);
