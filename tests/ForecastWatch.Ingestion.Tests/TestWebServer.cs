using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ForecastWatch.Ingestion.Tests;

/// <summary>A real HTTP server (Kestrel) on 127.0.0.1 with a free port; each test maps the paths it needs.</summary>
internal sealed class TestWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, RequestDelegate> _routes = new(StringComparer.Ordinal);

    private TestWebServer(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string? IfNoneMatch, string? UserAgent)> Requests { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<TestWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(static o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new TestWebServer(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value + context.Request.QueryString.Value;
            server.Requests.Enqueue((path, context.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } e ? e : null,
                context.Request.Headers.UserAgent.ToString()));
            if (server._routes.TryGetValue(path, out var handler)
                || server._routes.TryGetValue(context.Request.Path.Value ?? "", out handler))
            {
                await handler(context);
                return;
            }

            context.Response.StatusCode = 404;
        });
        await app.StartAsync();
        var address = app.Services.GetService(typeof(IServer)) is IServer s ? s.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException();
        server.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public Uri Url(string path) => new(BaseUrl, path.TrimStart('/'));

    public void Map(string path, RequestDelegate handler) => _routes[path] = handler;

    public void MapText(string path, string contentType, string body, int status = 200) => Map(path, async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    });

    public int Count(string path) => Requests.Count(r => r.Path == path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
