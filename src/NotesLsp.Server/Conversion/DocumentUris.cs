using System.Text;

namespace NotesLsp.Server.Conversion;

/// <summary>
/// How a platform spells and compares paths: Windows (drive letters, <c>\</c>, UNC shares, case-insensitive), macOS
/// (<c>/</c>, case-insensitive by default) or Linux (<c>/</c>, case-sensitive). Passed explicitly so each platform's
/// rules can be tested on any machine.
/// </summary>
public sealed record PathRules(bool IsWindows, bool IgnoreCase)
{
    public static PathRules Windows { get; } = new(true, true);

    public static PathRules MacOS { get; } = new(false, true);

    public static PathRules Linux { get; } = new(false, false);

    public static PathRules Current { get; } = OperatingSystem.IsWindows() ? Windows : OperatingSystem.IsMacOS() ? MacOS : Linux;

    public StringComparer Comparer => IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public StringComparison Comparison => IgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public char Separator => IsWindows ? '\\' : '/';
}

/// <summary>
/// Converts between <c>file:</c> URIs as clients send them and the local paths the workspace is keyed by. VS Code
/// writes <c>file:///c%3A/Users/me/a.notes</c> (drive letter lower-cased, colon escaped) and expects such URIs back;
/// the server echoes the client's own spelling for open documents and builds one for files it found on disk.
/// </summary>
public static class DocumentUris
{
    /// <summary>The workspace key of a URI: a local path for <c>file:</c> URIs, the URI itself for anything else.</summary>
    public static string KeyOf(string uri, PathRules rules)
    {
        if (!uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return uri;
        }

        var rest = uri[5..];
        string authority = string.Empty;
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            authority = slash < 0 ? rest[2..] : rest[2..slash];
            rest = slash < 0 ? "/" : rest[slash..];
        }

        var queryOrFragment = rest.IndexOfAny(['?', '#']);
        if (queryOrFragment >= 0)
        {
            rest = rest[..queryOrFragment];
        }

        if (Decode(rest) is not { } path || Decode(authority) is not { } host || path.Contains('\0') || host.Contains('\0'))
        {
            return uri;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            host = string.Empty;
        }

        return rules.IsWindows ? WindowsPath(host, path) : host.Length > 0 ? uri : Normalize(path, '/');
    }

    /// <summary>The <c>file:</c> URI of a local path, spelt as VS Code spells it.</summary>
    public static string FromPath(string path, PathRules rules)
    {
        var builder = new StringBuilder("file://");
        var p = path;
        if (rules.IsWindows)
        {
            p = p.Replace('\\', '/');
            if (p.StartsWith("//", StringComparison.Ordinal))
            {
                var slash = p.IndexOf('/', 2);
                var host = slash < 0 ? p[2..] : p[2..slash];
                builder.Append(Encode(host, isPath: false));
                p = slash < 0 ? "/" : p[slash..];
            }
            else if (p.Length >= 2 && p[1] == ':' && char.IsAsciiLetter(p[0]))
            {
                builder.Append('/').Append(char.ToLowerInvariant(p[0])).Append("%3A");
                p = p[2..];
            }
        }

        return builder.Append(Encode(p, isPath: true)).ToString();
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or inside it, by the platform's rules.</summary>
    public static bool IsUnder(string path, string root, PathRules rules)
    {
        var trimmed = root.TrimEnd('/', rules.Separator);
        if (trimmed.Length == 0)
        {
            return path.StartsWith(rules.Separator);
        }

        return path.Equals(trimmed, rules.Comparison)
            || (path.Length > trimmed.Length && path.StartsWith(trimmed, rules.Comparison) && (path[trimmed.Length] == rules.Separator || path[trimmed.Length] == '/'));
    }

    private static string WindowsPath(string host, string path)
    {
        if (host.Length > 0)
        {
            return @"\\" + host + Normalize(path, '\\');
        }

        // "/c:/Users/x" → "C:\Users\x"
        if (path.Length >= 3 && path[0] == '/' && char.IsAsciiLetter(path[1]) && path[2] == ':')
        {
            var rest = Normalize(path[3..], '\\');
            return char.ToUpperInvariant(path[1]) + ":" + (rest.Length == 0 ? "\\" : rest);
        }

        return Normalize(path, '\\');
    }

    /// <summary>Collapses <c>.</c>, <c>..</c> and empty segments; the result starts with the separator.</summary>
    private static string Normalize(string path, char separator)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/', '\\'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        return separator + string.Join(separator, segments);
    }

    private static string? Decode(string text)
    {
        if (!text.Contains('%'))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add((byte)Convert.ToInt32(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Percent-encodes what VS Code encodes in a path: everything but unreserved characters and <c>/</c>.</summary>
    private static string Encode(string text, bool isPath)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (isPath && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
