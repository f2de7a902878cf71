using NotesLsp.Tests;
using SharpFuzz;

namespace NotesLsp.Fuzz;

/// <summary>
/// <c>afl</c>: the AFL++ target (input = text bytes, last 16 bytes = edit script).
/// <c>replay DIR</c>: runs every file of a folder (a corpus or crash findings) through the same checks.
/// <c>random N [seed]</c>: N random inputs in-process, for long runs without AFL.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "afl":
                Fuzzer.Run(stream =>
                {
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    RunOne(buffer.ToArray());
                });
                return 0;
            case "replay" when args.Length > 1:
                var failures = 0;
                var files = Directory.GetFiles(args[1], "*", SearchOption.AllDirectories);
                foreach (var file in files)
                {
                    try
                    {
                        RunOne(File.ReadAllBytes(file));
                    }
                    catch (Exception e)
                    {
                        failures++;
                        Console.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
                    }
                }

                Console.WriteLine($"replayed {files.Length} inputs: {files.Length - failures} passed, {failures} failed");
                return failures == 0 ? 0 : 1;
            case "random" when args.Length > 1:
                var count = long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
                var random = new Random(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1);
                var started = DateTime.UtcNow;
                for (long i = 0; i < count; i++)
                {
                    var data = new byte[random.Next(0, 400)];
                    random.NextBytes(data);
                    Skew(data, random);
                    try
                    {
                        RunOne(data);
                    }
                    catch (Exception e)
                    {
                        var path = $"crash-{i}.bin";
                        File.WriteAllBytes(path, data);
                        Console.WriteLine($"input {i} failed ({e.GetType().Name}: {e.Message}); saved to {path}");
                        return 1;
                    }

                    if ((i + 1) % 100_000 == 0)
                    {
                        Console.WriteLine($"{i + 1} inputs, {(DateTime.UtcNow - started).TotalSeconds:F0} s");
                    }
                }

                Console.WriteLine($"{count} random inputs: {count} passed, 0 failed");
                return 0;
            default:
                Console.Error.WriteLine("usage: NotesLsp.Fuzz afl | replay DIR | random N [seed]");
                return 2;
        }
    }

    public static void RunOne(byte[] data)
    {
        var split = Math.Max(0, data.Length - 16);
        FuzzChecks.Check(FuzzChecks.TextFromBytes(data.AsSpan(0, split)), data.AsSpan(split));
    }

    /// <summary>Pure random bytes rarely spell note syntax: replace some bytes with its significant characters.</summary>
    private static void Skew(byte[] data, Random random)
    {
        ReadOnlySpan<byte> significant = "# \n\r:ISC0123456789-・"u8;
        for (var i = 0; i < data.Length; i++)
        {
            if (random.Next(3) == 0)
            {
                data[i] = significant[random.Next(significant.Length)];
            }
        }

        if (data.Length > 20 && random.Next(2) == 0)
        {
            "Issue Date: 2025-01-01 "u8.CopyTo(data.AsSpan(random.Next(data.Length - 20)));
        }
    }
}
