using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace MovieDiscovery.Api.Infrastructure.Http;

/// <summary>
/// HEAD wherever GET is served (RFC 9110 §9.3.2), on every route present and future: a HEAD request runs as the
/// GET it mirrors (same routing, validation, conditional GET, rate limits, so the same status and headers) and
/// its body is discarded. First in the pipeline, before routing, so that error answers lose their body too.
/// A route without GET answers HEAD with 405 and its <c>Allow</c> header, as it answers GET.
/// </summary>
public sealed class HeadRequests(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Features.Set<IHttpResponseBodyFeature>(new DiscardedBody(body));
        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
        }
        finally
        {
            // Logs and traces record what the client sent.
            context.Request.Method = HttpMethods.Head;
            context.Features.Set(body);
        }
    }

    /// <summary>Sends the headers when the answer starts; drops every byte of the body.</summary>
    private sealed class DiscardedBody(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
    {
        private PipeWriter? _writer;

        public Stream Stream => Stream.Null;

        public PipeWriter Writer => _writer ??= PipeWriter.Create(Stream.Null);

        public void DisableBuffering() => inner.DisableBuffering();

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => inner.CompleteAsync();
    }
}
