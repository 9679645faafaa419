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
/// The CloudAdapter asks for a new ConnectorClient on every turn (through the connector factory the request's
/// authentication returns) and every proactive send (through <see cref="CreateConnectorFactory"/>), and for a new
/// UserTokenClient (an OAuthClient) on both. Each new Microsoft.Rest client builds its Newtonsoft serializers and
/// contract resolver from scratch, so every turn reflected over the Bot Framework schema again: most of a chat
/// answer's CPU. This keeps one connector client per bot app id, service URL and audience (what its credentials
/// depend on), as the older BotFrameworkAdapter did, at most <see cref="MaxClients"/> of them (service URLs come
/// from incoming activities; the oldest client makes room), and one user-token client per app id, made only when
/// something uses it (nothing in this bot signs users in). Everything else is the configured authentication, unchanged.
/// </summary>
public sealed class ConnectorClientCache(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    /// <summary>Far more than the regional service URLs a bot really talks to.</summary>
    public const int MaxClients = 64;

    private readonly BoundedClients _clients = new();
    private readonly ConcurrentDictionary<string, LazyUserTokenClient> _userTokenClients = new(StringComparer.Ordinal);

    /// <summary>How many connector clients are kept now.</summary>
    public int Count => _clients.Count;

    /// <summary>The request's authentication as configured; its connector factory hands out the cached clients.</summary>
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);
        if (result.ConnectorFactory is { } factory and not CachingFactory)
            result.ConnectorFactory = new CachingFactory(factory, AppIdOf(result.ClaimsIdentity), _clients);
        return result;
    }

    public override Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken)
    {
        var appId = AppIdOf(claimsIdentity);
        if (_userTokenClients.TryGetValue(appId, out var cached)) return Task.FromResult<UserTokenClient>(cached);
        if (_userTokenClients.Count >= MaxClients) _userTokenClients.Clear();   // app ids are the bot's own: never reached
        return Task.FromResult<UserTokenClient>(_userTokenClients.GetOrAdd(appId,
            _ => new LazyUserTokenClient(() => inner.CreateUserTokenClientAsync(claimsIdentity, CancellationToken.None))));
    }

    public override Microsoft.Bot.Builder.Skills.BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new CachingFactory(inner.CreateConnectorFactory(claimsIdentity), AppIdOf(claimsIdentity), _clients);

    /// <summary>The app id the configured authentication makes a client's credentials for: the audience claim, else the app id claim (the Emulator's).</summary>
    private static string AppIdOf(ClaimsIdentity? identity) =>
        identity?.Claims.FirstOrDefault(c => c.Type == AuthenticationConstants.AudienceClaim)?.Value
        ?? identity?.Claims.FirstOrDefault(c => c.Type == AuthenticationConstants.AppIdClaim)?.Value
        ?? "";

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

    /// <summary>
    /// One user-token client per app id for every turn: the configured one is made on first use (an OAuth prompt),
    /// not on every turn, and the adapter's dispose at the end of a turn leaves it alone.
    /// </summary>
    private sealed class LazyUserTokenClient(Func<Task<UserTokenClient>> create) : UserTokenClient
    {
        private readonly Lock _gate = new();
        private Task<UserTokenClient>? _creating;

        /// <summary>The configured client, made once; a failed attempt (credentials unreachable) is made again next time.</summary>
        private Task<UserTokenClient> Client()
        {
            lock (_gate)
            {
                if (_creating is null || _creating.IsFaulted || _creating.IsCanceled) _creating = create();
                return _creating;
            }
        }

        public override async Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            await (await Client()).GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken);

        public override async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            await (await Client()).GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken);

        public override async Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
            await (await Client()).SignOutUserAsync(userId, connectionName, channelId, cancellationToken);

        public override async Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            await (await Client()).GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken);

        public override async Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            await (await Client()).GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken);

        public override async Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            await (await Client()).ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken);

        protected override void Dispose(bool disposing) { }
    }
}
