using System.Buffers.Binary;
using System.Text;

namespace Zetina.Node.Jobs;

/// <summary>
/// What a delegator wants run: the compiled Cairo program, its program input, the layout to prove
/// in and a step limit. Stored in the DHT under its job id, the hash of its encoding
/// (<see cref="JobIds"/>), so an executor can check that a body it fetched is the one a header names.
/// </summary>
/// <remarks>
/// Encoding, version 1 (all integers big-endian):
/// <code>
///  0      3   4          5 .. 5+L      +8          +4        +P        +4        +I
/// +------+---+----------+-------------+-----------+---------+---------+---------+--------------+
/// | "ZJB"| 1 | L (u8)   | layout ASCII| max_steps | P (u32) | program | I (u32) | program_input|
/// +------+---+----------+-------------+-----------+---------+---------+---------+--------------+
/// </code>
/// The program is the JSON cairo-compile writes, the input the JSON given with --program_input
/// (empty when none). A body is at most <see cref="MaxEncodedBytes"/> bytes.
/// </remarks>
internal sealed record JobBody(string Layout, ulong MaxSteps, byte[] Program, byte[] ProgramInput)
{
    /// <summary>The largest encoded body accepted anywhere (DHT records, API uploads).</summary>
    public const int MaxEncodedBytes = 8 * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "ZJB"u8;

    private const byte Version = 1;

    /// <summary>The canonical encoding; its hash is the job id.</summary>
    public byte[] Encode()
    {
        byte[] layout = Encoding.ASCII.GetBytes(Layout);
        if (layout.Length > 64) throw new ArgumentException($"layout name '{Layout}' is longer than 64 characters");
        int size = 3 + 1 + 1 + layout.Length + 8 + 4 + Program.Length + 4 + ProgramInput.Length;
        if (size > MaxEncodedBytes) throw new ArgumentException($"job body is {size} bytes, more than the {MaxEncodedBytes}-byte limit");
        byte[] buf = new byte[size];
        Span<byte> s = buf;
        Magic.CopyTo(s); s = s[3..];
        s[0] = Version; s[1] = (byte)layout.Length; s = s[2..];
        layout.CopyTo(s); s = s[layout.Length..];
        BinaryPrimitives.WriteUInt64BigEndian(s, MaxSteps); s = s[8..];
        BinaryPrimitives.WriteUInt32BigEndian(s, (uint)Program.Length); s = s[4..];
        Program.CopyTo(s); s = s[Program.Length..];
        BinaryPrimitives.WriteUInt32BigEndian(s, (uint)ProgramInput.Length); s = s[4..];
        ProgramInput.CopyTo(s);
        return buf;
    }

    /// <summary>Decodes a body, returning null and a reason naming the first problem found.</summary>
    public static JobBody? TryDecode(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        if (data.Length > MaxEncodedBytes) { error = $"job body is {data.Length} bytes, more than the {MaxEncodedBytes}-byte limit"; return null; }
        if (data.Length < 5 || !data[..3].SequenceEqual(Magic)) { error = "not a job body (bad magic)"; return null; }
        if (data[3] != Version) { error = $"job body version {data[3]} is not supported (expected {Version})"; return null; }
        int layoutLength = data[4];
        ReadOnlySpan<byte> s = data[5..];
        if (s.Length < layoutLength + 8 + 4) { error = "job body truncated in its header"; return null; }
        string layout = Encoding.ASCII.GetString(s[..layoutLength]);
        foreach (char c in layout)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) { error = $"layout name '{layout}' has a bad character"; return null; }
        s = s[layoutLength..];
        ulong maxSteps = BinaryPrimitives.ReadUInt64BigEndian(s); s = s[8..];
        uint programLength = BinaryPrimitives.ReadUInt32BigEndian(s); s = s[4..];
        if (programLength > (uint)s.Length) { error = $"job body truncated: program of {programLength} bytes announced, {s.Length} left"; return null; }
        byte[] program = s[..(int)programLength].ToArray(); s = s[(int)programLength..];
        if (s.Length < 4) { error = "job body truncated before the program input"; return null; }
        uint inputLength = BinaryPrimitives.ReadUInt32BigEndian(s); s = s[4..];
        if (inputLength != (uint)s.Length) { error = $"job body program input is {s.Length} bytes, header says {inputLength}"; return null; }
        return new JobBody(layout, maxSteps, program, s.ToArray());
    }
}
