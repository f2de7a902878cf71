using System.Buffers;
using System.Text;

namespace NotesLsp.Server.Protocol;

/// <summary>
/// Turns the raw bytes of a JSON string (escapes still in) straight into a .NET string. System.Text.Json unescapes
/// into a buffer rented from <see cref="ArrayPool{T}.Shared"/>, which keeps that buffer afterwards: for a 10 MB
/// <c>didOpen</c> that is a 16–32 MiB array held for the life of the process. Here the text is measured once and
/// written once into the string itself. A lone surrogate escape (<c>\ud800</c>, which JavaScript clients send for
/// such documents) is kept as it is, where System.Text.Json would refuse the whole message.
/// </summary>
internal static class JsonStringDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The string <paramref name="escaped"/> stands for, or null when it is not a well-formed JSON string body.</summary>
    public static string? Decode(ReadOnlySpan<byte> escaped)
    {
        var length = Measure(escaped);
        return length < 0 ? null : string.Create(length, escaped, static (chars, source) => Write(source, chars));
    }

    /// <summary>UTF-16 length of the decoded string; -1 when an escape is malformed.</summary>
    private static int Measure(ReadOnlySpan<byte> escaped)
    {
        var length = 0;
        while (escaped.Length > 0)
        {
            var backslash = escaped.IndexOf((byte)'\\');
            var run = backslash < 0 ? escaped : escaped[..backslash];
            length += StrictUtf8.GetCharCount(run);
            if (backslash < 0)
            {
                break;
            }

            var escapeLength = EscapeLength(escaped[backslash..]);
            if (escapeLength < 0)
            {
                return -1;
            }

            length++;
            escaped = escaped[(backslash + escapeLength)..];
        }

        return length;
    }

    private static void Write(ReadOnlySpan<byte> escaped, Span<char> chars)
    {
        while (escaped.Length > 0)
        {
            var backslash = escaped.IndexOf((byte)'\\');
            var run = backslash < 0 ? escaped : escaped[..backslash];
            var written = StrictUtf8.GetChars(run, chars);
            chars = chars[written..];
            if (backslash < 0)
            {
                return;
            }

            var escape = escaped[backslash..];
            chars[0] = escape[1] switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                (byte)'u' => (char)((Hex(escape[2]) << 12) | (Hex(escape[3]) << 8) | (Hex(escape[4]) << 4) | Hex(escape[5])),
                var c => (char)c,
            };
            chars = chars[1..];
            escaped = escape[(escape[1] == 'u' ? 6 : 2)..];
        }
    }

    /// <summary>Length of the escape sequence at the start of <paramref name="escape"/>; -1 when it is not one.</summary>
    private static int EscapeLength(ReadOnlySpan<byte> escape)
    {
        if (escape.Length < 2)
        {
            return -1;
        }

        switch (escape[1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return 2;
            case (byte)'u' when escape.Length >= 6 && Hex(escape[2]) >= 0 && Hex(escape[3]) >= 0 && Hex(escape[4]) >= 0 && Hex(escape[5]) >= 0:
                return 6;
            default:
                return -1;
        }
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
