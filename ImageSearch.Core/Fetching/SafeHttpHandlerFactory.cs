using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Fetching;

/// <summary>
/// Builds the primary handler of the "safe-fetch" HttpClient: no proxy, no cookies, no credentials, no automatic redirects
/// or decompression, and a <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host once through
/// <see cref="IHostResolver"/>, refuses the whole host if any address is blocked by <see cref="AddressPolicy"/>, and connects
/// to the checked address itself, so a second DNS answer (rebinding) never decides where the socket goes. A request gets
/// one connection: the handler's own retry of a request whose connection closed early is refused.
/// </summary>
public sealed partial class SafeHttpHandlerFactory(
    IHostResolver resolver, IOptions<SafeFetchOptions> options, ILogger<SafeHttpHandlerFactory> logger)
{
    public const string ClientName = "safe-fetch";

    /// <summary>Set on a request once a connection was opened for it.</summary>
    private static readonly HttpRequestOptionsKey<bool> Connected = new("ImageSearch.SafeFetch.Connected");

    public SocketsHttpHandler Create() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        Proxy = null,
        UseCookies = false,
        Credentials = null,
        PreAuthenticate = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(options.Value.ConnectTimeoutSeconds),
        MaxResponseHeadersLength = 64,
        MaxResponseDrainSize = 0,
        PooledConnectionLifetime = TimeSpan.Zero, // a connection serves one request: see ConnectAsync
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        // The handler sends a request again on a new connection (up to three times) when its connection closes before any
        // response. A hostile "public" host must see each request once: a second connection for a request is refused.
        // Connections are not pooled, so no request rides on a connection opened for another; images of one search rarely
        // share a host anyway.
        var request = context.InitialRequestMessage;
        if (request.Options.TryGetValue(Connected, out _))
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "the host closed the connection before answering; not retried");
        }

        request.Options.Set(Connected, true);
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken);
        foreach (var address in addresses)
        {
            if (AddressPolicy.BlockedRange(address, options.Value.AllowLoopback) is { } range)
            {
                throw new BlockedAddressException(host, address, range);
            }
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var target = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            LogConnecting(host, target);
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(literal, out var address))
        {
            return [address];
        }

        var addresses = await resolver.ResolveAsync(host, cancellationToken);
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connecting to {Host} at {Address}")]
    private partial void LogConnecting(string host, IPAddress address);
}
