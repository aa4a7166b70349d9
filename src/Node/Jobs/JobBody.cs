using System.Buffers.Binary;
using System.Text;

namespace Zetina.Node.Jobs;

/// <summary>
/// What a delegator wants run: the compiled Cairo program, its program input, the layout to prove
/// in and a step limit — or, for a PIE job (<see cref="Kind"/> <see cref="JobBodyKind.Pie"/>), a Cairo PIE zip in
/// place of the program, run as the one task of the bootloader the header names. Stored in the DHT under its job id, the hash of its encoding
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
/// (empty when none). Version 2 is a PIE job's body: the same fields, the program field holding the PIE zip
/// (cairo-run's <c>--cairo_pie_output</c>) and the input empty (a PIE's hints already ran). A program body keeps
/// version 1, so its job id is what it always was. A body is at most <see cref="MaxEncodedBytes"/> bytes.
/// </remarks>
internal sealed record JobBody(string Layout, ulong MaxSteps, byte[] Program, byte[] ProgramInput, JobBodyKind Kind = JobBodyKind.Program)
{
    /// <summary>The largest encoded body accepted anywhere (DHT records, API uploads).</summary>
    public const int MaxEncodedBytes = 8 * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "ZJB"u8;

    private const byte Version = 1;
    private const byte VersionPie = 2;

    /// <summary>A PIE job's body: <paramref name="pieZip"/> run as a bootloader task, proved in <paramref name="layout"/>.</summary>
    public static JobBody Pie(string layout, ulong maxSteps, byte[] pieZip) => new(layout, maxSteps, pieZip, [], JobBodyKind.Pie);

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
        s[0] = Kind == JobBodyKind.Pie ? VersionPie : Version; s[1] = (byte)layout.Length; s = s[2..];
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
        if (data[3] != Version && data[3] != VersionPie) { error = $"job body version {data[3]} is not supported (expected {Version} or {VersionPie})"; return null; }
        JobBodyKind kind = data[3] == VersionPie ? JobBodyKind.Pie : JobBodyKind.Program;
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
        if (kind == JobBodyKind.Pie && inputLength != 0) { error = $"a PIE job's body carries no program input, this one {inputLength} bytes"; return null; }
        return new JobBody(layout, maxSteps, program, s.ToArray(), kind);
    }
}

/// <summary>What a job body's program field holds.</summary>
internal enum JobBodyKind
{
    /// <summary>A compiled Cairo program (cairo-compile's JSON), run in proof mode with its input.</summary>
    Program,

    /// <summary>A Cairo PIE zip, run as the one task of the bootloader whose hash the header names.</summary>
    Pie,
}
