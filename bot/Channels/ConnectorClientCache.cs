using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace SupportBot.Channels;

/// <summary>
/// The CloudAdapter asks for a new ConnectorClient on every turn and every proactive send, and each new client
/// builds its Newtonsoft serializers from scratch (dynamic methods, collected by finalizers): most of a turn's cost
/// in the benchmark. This keeps one client per bot app id, service URL and audience (what its credentials depend
/// on), as the older BotFrameworkAdapter did, at most <see cref="MaxClients"/> of them (service URLs come from
/// incoming activities; the oldest client makes room). Everything else is the configured authentication, unchanged.
/// </summary>
public sealed class ConnectorClientCache(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    /// <summary>Far more than the regional service URLs a bot really talks to.</summary>
    public const int MaxClients = 64;

    private readonly BoundedClients _clients = new();

    /// <summary>How many connector clients are kept now.</summary>
    public int Count => _clients.Count;

    public override Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);

    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);

    public override Microsoft.Bot.Builder.Skills.BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new CachingFactory(inner.CreateConnectorFactory(claimsIdentity), AppIdOf(claimsIdentity), _clients);

    private static string AppIdOf(ClaimsIdentity identity) =>
        identity.Claims.FirstOrDefault(c => c.Type == AuthenticationConstants.AudienceClaim)?.Value ?? "";

    private sealed class BoundedClients
    {
        private readonly ConcurrentDictionary<(string, string, string), IConnectorClient> _clients = new();
        private readonly ConcurrentQueue<(string, string, string)> _added = new();

        public int Count => _clients.Count;

        public bool TryGetValue((string, string, string) key, out IConnectorClient client) => _clients.TryGetValue(key, out client!);

        public IConnectorClient GetOrAdd((string, string, string) key, IConnectorClient created)
        {
            var client = _clients.GetOrAdd(key, created);
            if (!ReferenceEquals(client, created)) return client;
            _added.Enqueue(key);
            while (_clients.Count > MaxClients && _added.TryDequeue(out var oldest)) _clients.TryRemove(oldest, out _);
            return client;
        }
    }

    private sealed class CachingFactory(ConnectorFactory inner, string appId, BoundedClients clients) : ConnectorFactory
    {
        public override async Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken)
        {
            var key = (appId, serviceUrl, audience ?? "");
            if (clients.TryGetValue(key, out var cached)) return cached;
            var created = new Shared(await inner.CreateAsync(serviceUrl, audience, cancellationToken));
            return clients.GetOrAdd(key, created);
        }
    }

    /// <summary>The adapter disposes the turn's client when the turn ends; a shared one must outlive the turn.</summary>
    private sealed class Shared(IConnectorClient client) : IConnectorClient
    {
        public Uri BaseUri { get => client.BaseUri; set => client.BaseUri = value; }
        public JsonSerializerSettings SerializationSettings => client.SerializationSettings;
        public JsonSerializerSettings DeserializationSettings => client.DeserializationSettings;
        public ServiceClientCredentials Credentials => client.Credentials;
        public IAttachments Attachments => client.Attachments;
        public IConversations Conversations => client.Conversations;
        public void Dispose() { }
    }
}
