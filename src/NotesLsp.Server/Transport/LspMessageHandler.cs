using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace NotesLsp.Server.Transport;

/// <summary>
/// LSP base protocol framing (<c>Content-Length</c> headers). Unlike the stock handler, a message whose body
/// is not JSON (or not a JSON-RPC message) does not end the session: the client gets -32700 (or -32600) with a
/// null id, as JSON-RPC 2.0 asks, and reading goes on with the next message. The body has been consumed by then
/// (the framing told its length), so the stream stays in sync. Header errors still end the session: without a
/// length there is no way to find the next message.
/// </summary>
internal sealed class LspMessageHandler : HeaderDelimitedMessageHandler
{
    private readonly Action<string> onBadMessage;

    public LspMessageHandler(Stream output, Stream input, IJsonRpcMessageFormatter formatter, Action<string> onBadMessage)
        : base(output, input, formatter) => this.onBadMessage = onBadMessage;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int code;
            string message;
            try
            {
                return await base.ReadCoreAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsBodyError(e, out code))
            {
                message = code == (int)JsonRpcErrorCode.ParseError ? "Parse error: the message body is not valid JSON." : "Invalid request: the message is not a JSON-RPC request, response or notification.";
                onBadMessage($"{message} ({e.GetType().Name}: {e.Message})");
            }

            var error = new JsonRpcError
            {
                RequestId = RequestId.Null,
                Error = new JsonRpcError.ErrorDetail { Code = (JsonRpcErrorCode)code, Message = message },
            };
            await WriteAsync(error, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// -32700 when the body is not JSON at all (the reader failed), -32600 when it is JSON but not a JSON-RPC message
    /// (the formatter rejected its shape, e.g. an array at the root or a message without method, result or error).
    /// </summary>
    private static bool IsBodyError(Exception e, out int code)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is System.Text.DecoderFallbackException || (x is JsonException && x.GetType() != typeof(JsonException)))
            {
                code = (int)JsonRpcErrorCode.ParseError;
                return true;
            }
        }

        code = (int)JsonRpcErrorCode.InvalidRequest;
        return e is JsonException or UnrecognizedJsonRpcMessageException;
    }
}
