using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Tests.Mailing.Auth;

/// <summary>
/// A small OAuth2 authorization server on loopback HTTPS (certificate from the test CA of the OAuth2 mail server):
/// Entra ID's client-credentials endpoint (<c>POST /{tenant}/oauth2/v2.0/token</c>, secret or certificate
/// assertion), Google's JWT-bearer endpoint (<c>POST /google/token</c>) and RFC 7662 introspection for Dovecot
/// (<c>POST /introspect</c>). Tokens are JWT-shaped, expire on each client's own clock, and can be revoked.
/// </summary>
public sealed class OAuth2TestServer : IAsyncDisposable
{
    public const string MicrosoftScope = "https://outlook.office365.com/.default";
    public const string GoogleScope = "https://mail.google.com/";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Client> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Issued> _tokens = new(StringComparer.Ordinal);

    private OAuth2TestServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"https://127.0.0.1:{Port}";

    /// <summary>Every token ever issued (to check that none leaks into output).</summary>
    public IReadOnlyCollection<string> AllTokens => [.. _tokens.Keys];

    public static async Task<OAuth2TestServer> StartAsync(string certificateFile, string keyFile, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var server = new OAuth2TestServer(app, port);
        app.MapPost("/{tenant}/oauth2/v2.0/token", (string tenant, HttpContext context) => server.MicrosoftTokenAsync(tenant, context));
        app.MapPost("/google/token", (Delegate)((HttpContext context) => server.GoogleTokenAsync(context)));
        app.MapPost("/introspect", (Delegate)((HttpContext context) => server.IntrospectAsync(context)));
        await app.StartAsync();
        return server;
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
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> MicrosoftTokenAsync(string tenant, HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var clientId = form["client_id"].ToString();
        if (!_clients.TryGetValue(clientId, out var client) || client.Tenant is null)
        {
            return Aad(400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{tenant}'.");
        }

        if (!string.Equals(client.Tenant, tenant, StringComparison.Ordinal))
        {
            return Aad(400, "invalid_request", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID.");
        }

        if (form["client_secret"].ToString() is { Length: > 0 } secret)
        {
            if (client.Secret is null || client.SecretRevoked || !string.Equals(secret, client.Secret, StringComparison.Ordinal))
            {
                return Aad(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
            }
        }
        else if (form["client_assertion"].ToString() is { Length: > 0 } assertion)
        {
            if (client.Certificate is null || !VerifyJwt(assertion, client.Certificate.GetRSAPublicKey()!, out _))
            {
                return Aad(401, "invalid_client", 700027, "Client assertion failed signature validation.");
            }
        }
        else
        {
            return Aad(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
        }

        var scope = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => s is not ("openid" or "profile" or "offline_access")).ToArray();
        if (scope is not [MicrosoftScope])
        {
            return Aad(400, "invalid_scope", 70011, $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {string.Join(' ', scope)} is not valid.");
        }

        if (!client.Consented)
        {
            return Aad(400, "invalid_grant", 65001, $"The user or administrator has not consented to use the application with ID '{clientId}'.");
        }

        var token = client.Issue(this, client.Mailbox!, $"https://sts.windows.net/{tenant}/");
        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)client.Lifetime.TotalSeconds,
            ["ext_expires_in"] = (int)client.Lifetime.TotalSeconds,
            ["access_token"] = token,
        });
    }

    private async Task<IResult> GoogleTokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var assertion = form["assertion"].ToString();
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
            return GoogleError(401, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.");
        }

        var token = client.Issue(this, sub!, "https://accounts.google.com");
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["expires_in"] = (int)client.Lifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        });
    }

    private async Task<IResult> IntrospectAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var token = form["token"].ToString();
        if (_tokens.TryGetValue(token, out var issued))
        {
            var active = !issued.Revoked && issued.Client.Clock.GetUtcNow() < issued.Expires;
            Interlocked.Increment(ref active ? ref issued.Client.ActiveIntrospections : ref issued.Client.InactiveIntrospections);
            if (active)
            {
                return Results.Json(new Dictionary<string, object> { ["active"] = true, ["username"] = issued.User });
            }
        }

        return Results.Json(new Dictionary<string, object> { ["active"] = false });
    }

    private static IResult Aad(int status, string error, int code, string description) =>
        Results.Json(
            new Dictionary<string, object>
            {
                ["error"] = error,
                ["error_description"] = $"AADSTS{code}: {description} Trace ID: 00000000-0000-0000-0000-000000000000",
                ["error_codes"] = new[] { code },
            },
            statusCode: status);

    private static IResult GoogleError(int status, string error, string description) =>
        Results.Json(new Dictionary<string, object> { ["error"] = error, ["error_description"] = description }, statusCode: status);

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

        public string? Secret { get; init; }

        public X509Certificate2? Certificate { get; init; }

        public RSA? Rsa { get; init; }

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
            var token = "eyJhbGciOiJub25lIn0." + Base64Url.EncodeToString(payload) + "." + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
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
