using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using NotesLsp.Server.Endpoints;
using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Server.Transport;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace NotesLsp.Server;

/// <summary>Entry point of <c>notes-lsp server</c>: speaks LSP over the given streams until exit.</summary>
public static class LanguageServerHost
{
    /// <summary>Runs the server; returns the process exit code (0 after shutdown+exit, 1 otherwise).</summary>
    public static async Task<int> RunAsync(Stream input, Stream output, TextWriter log, CancellationToken cancellationToken)
    {
        using var logs = new LspLoggerProvider(log, LspLoggerProvider.LevelFromEnvironment());
        using var loggers = new LoggerFactory([logs], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var logger = loggers.CreateLogger("NotesLsp.Server.Host");
        using var context = new SerialSynchronizationContext(e => logger.LogError(e, "Unhandled error on the server thread"));

        using var server = new LspEndpoints(loggers, logs, context);
        var handler = new LspMessageHandler(output, input, CreateFormatter(), loggers.CreateLogger("NotesLsp.Server.Transport"));
        using var rpc = Connect(handler, server, context, loggers);
        rpc.StartListening();

        using var registration = cancellationToken.Register(() => rpc.Dispose());
        var exited = server.Session.Exited;
        var finished = await Task.WhenAny(exited, rpc.Completion).ConfigureAwait(false);
        if (finished == exited)
        {
            await handler.DrainAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            return await exited.ConfigureAwait(false);
        }

        try
        {
            await rpc.Completion.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning("Connection closed: {Message}", e.Message);
        }

        // The input ended without an exit notification.
        if (server.Session.Phase == ServerPhase.ShutDown)
        {
            await handler.DrainAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            return 0;
        }

        logger.LogWarning("The input ended without shutdown and exit: exiting with code 1");
        await handler.DrainAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        return 1;
    }

    /// <summary>
    /// StreamJsonRpc marks its System.Text.Json formatter and reflection-based target binding as not trim/AOT-safe in
    /// general. Here every type that crosses the wire is in <see cref="LspJsonContext"/> (with no reflection fallback
    /// configured, so tests run what Native AOT runs), and the target is one concrete class whose public methods are
    /// kept by <see cref="DynamicDependencyAttribute"/>.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "All wire types are in LspJsonContext; the RPC target's methods are kept by DynamicDependency.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "No generic instantiation is made at run time: all wire types are source-generated.")]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicMethods, typeof(LspEndpoints))]
    private static LspJsonRpc Connect(LspMessageHandler handler, LspEndpoints server, SerialSynchronizationContext context, ILoggerFactory loggers)
    {
        var rpc = new LspJsonRpc(handler, loggers.CreateLogger("NotesLsp.Server.JsonRpc"))
        {
            SynchronizationContext = context,
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        };
        rpc.AddLocalRpcTarget(server, new JsonRpcTargetOptions());
        server.Session.Attach(rpc);
        return rpc;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "All wire types are in LspJsonContext.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "No generic instantiation is made at run time: all wire types are source-generated.")]
    internal static SystemTextJsonFormatter CreateFormatter()
    {
        var formatter = new SystemTextJsonFormatter();
        formatter.JsonSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        formatter.JsonSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

        // Source-generated metadata only (no reflection fallback). StreamJsonRpc's RequestId is in the context:
        // $/cancelRequest needs it.
        formatter.JsonSerializerOptions.TypeInfoResolver = LspJsonContext.Default;

        // The context's own converter list is not consulted through these options: it is added here.
        formatter.JsonSerializerOptions.Converters.Add(new Utf8StringConverter());
        return formatter;
    }

    /// <summary>JSON-RPC with LSP's error conventions: no stack traces in responses, cancellation as -32800.</summary>
    private sealed class LspJsonRpc(IJsonRpcMessageHandler handler, ILogger logger) : JsonRpc(handler)
    {
        protected override async ValueTask<JsonRpcMessage> DispatchRequestAsync(JsonRpcRequest request, TargetMethod targetMethod, CancellationToken cancellationToken)
        {
            if (!logger.IsEnabled(LogLevel.Debug))
            {
                return await base.DispatchRequestAsync(request, targetMethod, cancellationToken).ConfigureAwait(false);
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = await base.DispatchRequestAsync(request, targetMethod, cancellationToken).ConfigureAwait(false);
            logger.LogDebug("{Method} handled in {Elapsed:F2} ms", request.Method, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }

        protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
        {
            var e = exception is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : exception;
            switch (e)
            {
                case LocalRpcException local:
                    return new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)local.ErrorCode, Message = local.Message, Data = local.ErrorData };
                case RpcArgumentDeserializationException or JsonException:
                    logger.LogInformation("{Method}: invalid params: {Message}", request.Method, e.Message);
                    return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.InvalidParams, Message = $"{request.Method}: invalid params: {e.Message}" };
                case OperationCanceledException:
                    return new JsonRpcError.ErrorDetail { Code = JsonRpcErrorCode.RequestCanceled, Message = "Request cancelled." };
                default:
                    logger.LogError(e, "{Method} failed", request.Method);
                    return new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)Lsp.InternalError, Message = $"{request.Method} failed: {e.Message}" };
            }
        }
    }
}
