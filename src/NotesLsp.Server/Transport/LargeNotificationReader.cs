using System.Text.Json;
using NotesLsp.Server.Protocol;
using StreamJsonRpc.Protocol;

namespace NotesLsp.Server.Transport;

/// <summary>
/// Reads a big <c>didOpen</c>/<c>didChange</c> (a whole dump as one string) without a <see cref="JsonDocument"/>.
/// StreamJsonRpc's formatter parses every message into one, and <see cref="JsonDocument"/> rents its index from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/> at the size of the message: 32 MiB for a 17 MB message, which the
/// pool then keeps for the life of the process. Here the parameters are read straight from the body into the
/// protocol records and handed over as an already-deserialized request; nothing outlives the call but the text.
/// Anything else (other methods, requests with an id, JSON that does not read cleanly) goes the usual way, so
/// errors are reported exactly as for any other message.
/// </summary>
internal static class LargeNotificationReader
{
    /// <summary>Bodies below this size are cheap enough for the general path.</summary>
    public const int MinimumBytes = 64 * 1024;

    public static JsonRpcRequest? TryRead(ReadOnlySpan<byte> body, JsonSerializerOptions options)
    {
        try
        {
            return Read(body, options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException or NotSupportedException)
        {
            return null;
        }
    }

    private static JsonRpcRequest? Read(ReadOnlySpan<byte> body, JsonSerializerOptions options)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? method = null;
        string? version = null;
        var paramsStart = -1;
        var paramsEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            if (!reader.Read())
            {
                return null;
            }

            switch (name)
            {
                case "method" when reader.TokenType == JsonTokenType.String:
                    method = reader.GetString();
                    break;
                case "jsonrpc" when reader.TokenType == JsonTokenType.String:
                    version = reader.GetString();
                    break;
                case "params" when reader.TokenType == JsonTokenType.StartObject && paramsStart < 0:
                    paramsStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    paramsEnd = (int)reader.BytesConsumed;
                    break;
                case "method" or "jsonrpc" or "params" or "id":
                    // An id makes it a request; a repeated or odd-typed member is left to the general path.
                    return null;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || version != "2.0" || paramsStart < 0)
        {
            return null;
        }

        var parameters = body[paramsStart..paramsEnd];
        object? argument = method switch
        {
            "textDocument/didOpen" => JsonSerializer.Deserialize(parameters, options.GetTypeInfo(typeof(DidOpenTextDocumentParams))),
            "textDocument/didChange" => JsonSerializer.Deserialize(parameters, options.GetTypeInfo(typeof(DidChangeTextDocumentParams))),
            _ => null,
        };

        return argument is null ? null : new JsonRpcRequest { Method = method, ArgumentsList = [argument], Version = version };
    }
}
