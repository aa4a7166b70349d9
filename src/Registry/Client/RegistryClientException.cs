using Zetina.Registry.Http;

namespace Zetina.Registry.Client;

/// <summary>Thrown by <see cref="RegistryClient"/> when the registry answers a read with an error, or with something that is not the API.</summary>
public sealed class RegistryClientException(string message, ProblemDto? problem = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The registry's problem document, when it sent one.</summary>
    public ProblemDto? Problem { get; } = problem;
}
