using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace ForecastWatch.Tests.Mailing.Auth;

/// <summary>
/// A small OAuth2 authorization server on loopback HTTPS (HTTP/1.1 over SslStream, one request per connection;
/// certificate from the test CA of the OAuth2 mail server):
/// Entra ID's client-credentials endpoint (<c>POST /{tenant}/oauth2/v2.0/token</c>, secret or certificate
/// assertion), Google's JWT-bearer endpoint (<c>POST /google/token</c>) and RFC 7662 introspection for Dovecot
/// (<c>POST /introspect</c>). Tokens are JWT-shaped, expire on each client's own clock, and can be revoked.
/// </summary>
public sealed class OAuth2TestServer : IAsyncDisposable
{
    public const string MicrosoftScope = "https://outlook.office365.com/.default";
    public const string GoogleScope = "https://mail.google.com/";

    private readonly TcpListener _listener;
    private readonly X509Certificate2 _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly ConcurrentDictionary<string, Client> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Issued> _tokens = new(StringComparer.Ordinal);

    private OAuth2TestServer(X509Certificate2 certificate, int port)
    {
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string BaseUrl => $"https://127.0.0.1:{Port}";

    /// <summary>Every token ever issued (to check that none leaks into output).</summary>
    public IReadOnlyCollection<string> AllTokens => [.. _tokens.Keys];

    public static Task<OAuth2TestServer> StartAsync(string certificateFile, string keyFile, int port)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        return Task.FromResult(new OAuth2TestServer(certificate, port));
    }

    /// <summary>A registered client: an Entra ID app (tenant + client id) or a Google service account (client email).</summary>
    public Client Register(string id, TimeProvider clock, TimeSpan lifetime) => Add(new Client(id, clock, lifetime));

    public Client Add(Client client)
    {
        _clients[client.Id] = client;
        return client;
    }

    /// <summary>A token for <paramref name="user"/> issued directly (for the static provider).</summary>
    public string IssueDirect(Client client, string user) => client.Issue(this, user, "static");

    public void Revoke(string token)
    {
        if (_tokens.TryGetValue(token, out var issued))
        {
            issued.Revoked = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _certificate.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(TcpClient socket)
    {
        using var _ = socket;
        try
        {
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
            var (path, form) = await ReadRequestAsync(tls);
            var (status, body) = Route(path, form);
            var json = JsonSerializer.SerializeToUtf8Bytes(body);
            var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: application/json\r\n"
                + $"Content-Length: {json.Length}\r\nConnection: close\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
            await tls.WriteAsync(json);
            await tls.FlushAsync();
        }
        catch (Exception ex) when (
            ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
        }
    }

    private static async Task<(string Path, Dictionary<string, string> Form)> ReadRequestAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("connection closed in the request head");
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n");
        var path = lines[0].Split(' ')[1];
        var length = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length",
            StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Encoding.UTF8.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            form[Uri.UnescapeDataString(kv[0].Replace('+', ' '))] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : "";
        }

        return (path.Split('?')[0], form);
    }

    private (int Status, object Body) Route(string path, Dictionary<string, string> form)
    {
        if (path == "/introspect")
        {
            return Introspect(form);
        }

        if (path == "/google/token")
        {
            return GoogleToken(form);
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts is [var tenant, "oauth2", "v2.0", "token"]
            ? MicrosoftToken(Uri.UnescapeDataString(tenant), form)
            : (404, new Dictionary<string, object> { ["error"] = "not_found" });
    }

    private (int Status, object Body) MicrosoftToken(string tenant, Dictionary<string, string> form)
    {
        var clientId = form.GetValueOrDefault("client_id", "");
        if (!_clients.TryGetValue(clientId, out var client) || client.Tenant is null)
        {
            return Aad(400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{tenant}'.");
        }

        if (!string.Equals(client.Tenant, tenant, StringComparison.Ordinal))
        {
            return Aad(400, "invalid_request", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID.");
        }

        if (form.GetValueOrDefault("client_secret") is { Length: > 0 } secret)
        {
            if (client.Secret is null || client.SecretRevoked || !string.Equals(secret, client.Secret, StringComparison.Ordinal))
            {
                return Aad(401, "invalid_client", 7000215,
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, "
                    + "not the client secret ID.");
            }
        }
        else if (form.GetValueOrDefault("client_assertion") is { Length: > 0 } assertion)
        {
            if (client.Certificate is null || !VerifyJwt(assertion, client.Certificate.GetRSAPublicKey()!, out _))
            {
                return Aad(401, "invalid_client", 700027, "Client assertion failed signature validation.");
            }
        }
        else
        {
            return Aad(401, "invalid_client", 7000216,
                "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
        }

        var scope = form.GetValueOrDefault("scope", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not (
            "openid" or "profile" or "offline_access")).ToArray();
        if (scope is not [MicrosoftScope])
        {
            return Aad(400, "invalid_scope", 70011,
                "The provided request must include a 'scope' input parameter. "
                + $"The provided value for the input parameter 'scope' is not valid. The scope {string.Join(' ', scope)} is not valid.");
        }

        if (!client.Consented)
        {
            return Aad(400, "invalid_grant", 65001,
                $"The user or administrator has not consented to use the application with ID '{clientId}'.");
        }

        var token = client.Issue(this, client.Mailbox!, $"https://sts.windows.net/{tenant}/");
        return (200, new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)client.Lifetime.TotalSeconds,
            ["ext_expires_in"] = (int)client.Lifetime.TotalSeconds,
            ["access_token"] = token,
        });
    }

    private (int Status, object Body) GoogleToken(Dictionary<string, string> form)
    {
        var assertion = form.GetValueOrDefault("assertion", "");
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return GoogleError(400, "invalid_request", "Invalid JWT.");
        }

        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var iss = payload.RootElement.GetProperty("iss").GetString()!;
        if (!_clients.TryGetValue(iss, out var client) || client.Rsa is null)
        {
            return GoogleError(400, "invalid_grant", "Invalid grant: account not found");
        }

        if (client.SecretRevoked || !VerifyJwt(assertion, client.Rsa, out _))
        {
            return GoogleError(400, "invalid_grant", "Invalid JWT Signature.");
        }

        var sub = payload.RootElement.TryGetProperty("sub", out var s) ? s.GetString() : null;
        if (sub != client.Mailbox)
        {
            return GoogleError(400, "invalid_grant", "Invalid email or User ID");
        }

        var scope = payload.RootElement.GetProperty("scope").GetString();
        if (!client.Consented || scope != GoogleScope)
        {
            return GoogleError(401, "unauthorized_client",
                "Client is unauthorized to retrieve access tokens using this method, "
                + "or client not authorized for any of the scopes requested.");
        }

        var token = client.Issue(this, sub!, "https://accounts.google.com");
        return (200, new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["expires_in"] = (int)client.Lifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        });
    }

    private (int Status, object Body) Introspect(Dictionary<string, string> form)
    {
        var token = form.GetValueOrDefault("token", "");
        if (_tokens.TryGetValue(token, out var issued))
        {
            var active = !issued.Revoked && issued.Client.Clock.GetUtcNow() < issued.Expires;
            Interlocked.Increment(ref active ? ref issued.Client.ActiveIntrospections : ref issued.Client.InactiveIntrospections);
            if (active)
            {
                return (200, new Dictionary<string, object> { ["active"] = true, ["username"] = issued.User });
            }
        }

        return (200, new Dictionary<string, object> { ["active"] = false });
    }

    private static (int Status, object Body) Aad(int status, string error, int code, string description) =>
        (status, new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: 00000000-0000-0000-0000-000000000000",
            ["error_codes"] = new[] { code },
        });

    private static (int Status, object Body) GoogleError(int status, string error, string description) =>
        (status, new Dictionary<string, object> { ["error"] = error, ["error_description"] = description });

    private static bool VerifyJwt(string jwt, RSA key, out JsonDocument? header)
    {
        header = null;
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        var alg = header.RootElement.GetProperty("alg").GetString();
        var padding = alg switch
        {
            "RS256" => RSASignaturePadding.Pkcs1,
            "PS256" => RSASignaturePadding.Pss,
            _ => null,
        };
        return padding is not null && key.VerifyData(
            Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, padding);
    }

    public sealed class Client(string id, TimeProvider clock, TimeSpan lifetime)
    {
        public int ActiveIntrospections;
        public int InactiveIntrospections;
        private int _issued;

        public string Id { get; } = id;

        public TimeProvider Clock { get; } = clock;

        public TimeSpan Lifetime { get; set; } = lifetime;

        public string? Tenant { get; init; }

        public string? Secret { get; set; }

        public X509Certificate2? Certificate { get; init; }

        public RSA? Rsa { get; set; }

        public string? Mailbox { get; init; }

        public bool Consented { get; set; } = true;

        public bool SecretRevoked { get; set; }

        public int Issued => Volatile.Read(ref _issued);

        public List<string> Tokens { get; } = [];

        internal string Issue(OAuth2TestServer server, string user, string issuer)
        {
            var now = Clock.GetUtcNow();
            var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["iss"] = issuer,
                ["aud"] = "https://outlook.office365.com",
                ["iat"] = now.ToUnixTimeSeconds(),
                ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
                ["roles"] = new[] { "IMAP.AccessAsApp", "SMTP.SendAsApp" },
                ["jti"] = Guid.NewGuid().ToString("N"),
            });
            var token = "eyJhbGciOiJub25lIn0." + Base64Url.EncodeToString(payload) + "." + Convert.ToHexString(
                RandomNumberGenerator.GetBytes(16));
            server._tokens[token] = new Issued(this, user, now + Lifetime);
            lock (Tokens)
            {
                Tokens.Add(token);
            }

            Interlocked.Increment(ref _issued);
            return token;
        }

        public string LastToken
        {
            get
            {
                lock (Tokens)
                {
                    return Tokens[^1];
                }
            }
        }
    }

    private sealed class Issued(Client client, string user, DateTimeOffset expires)
    {
        public Client Client { get; } = client;

        public string User { get; } = user;

        public DateTimeOffset Expires { get; } = expires;

        public bool Revoked { get; set; }
    }
}
