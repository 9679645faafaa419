using Microsoft.Extensions.Http;

namespace SupportBot.OutgoingCalls;

/// <summary>
/// A fresh typed client per call for singleton services: its HttpClient comes from IHttpClientFactory, so the
/// handler (connections, DNS) is pooled and rotated and the resilience pipeline is shared, instead of one client
/// captured for the life of the process.
/// </summary>
public sealed class TypedClients<T>(IHttpClientFactory factory, ITypedHttpClientFactory<T> typed) where T : class
{
    public T Create() => typed.CreateClient(factory.CreateClient(typeof(T).Name));
}
