using System.Buffers.Binary;
using System.Text;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Merkle;
using Zetina.Stark.Parameters;

namespace Zetina.Stark.Proof;

/// <summary>
/// The compact binary proof format.
/// </summary>
/// <remarks>
/// <code>
/// u8  version (4; 5 when the proof has short tables)
/// i32 log_n, log_n_cosets, n_queries, proof_of_work_bits, last_layer_degree_bound, step count; i32 × steps
/// u8  hash name length, UTF-8 hash name
/// D   main root;  [version 5: shorts K, the main short tables]
/// u8 interaction flag (0: none; 1: D interaction root; version 5 also 2: D interaction root, shorts K' ≥ 1, the short
///     interaction tables);  D composition root
/// felts ood trace;  felts ood composition
/// u32 FRI root count, D × count;  felts last layer;  u64 proof-of-work nonce
/// rows main; [version 5: rows × K]; [rows interaction; [version 5: rows × K']]; rows composition;  u32 FRI opening count, table × count
/// shorts = u8 count, (u8 log₂ lift, D root) × count, lifts strictly ascending; version 5 has K ≥ 1 or flag 2
/// felts = u32 count, 32-byte big-endian canonical felts;  nodes = u32 count, D × count
/// rows  = u32 columns W, u32 row count R, ⌈R/8⌉ bytes of trace-row marks (row r's at bit r mod 8 of byte r/8, the
///         bits past R zero), u8 × W column widths w_c ∈ [1, 32] of the rows off the trace domain, u8 × W of the rows
///         on it, R × W values row-major (column c's value as its last w_c big-endian bytes of its row's class), nodes
/// table = felts values, nodes          (FRI layers: their values are random-looking felts)
/// D = the hash's digest window (MerkleHashes.DigestWindow): 20 bytes for masked 160-bit digests, 24 for 192-bit, else 32
/// </code>
/// Integers little-endian. A digest is sent without the bytes its mask zeroes; the reader puts the zeros back, so
/// a masked byte cannot carry anything. A trace table's column widths are the minimal ones (<see cref="ColumnWidths"/>)
/// and the reader refuses any other; the verifier checks the trace-row marks against the rows' positions; so a proof has
/// exactly one encoding. The reader checks each count against the bytes left before allocating (every decoded felt
/// takes at least one byte), so no input can make it allocate more than 32 times the input's size, and it never throws
/// on bad bytes. A proof without short tables is written as version 4 and one with them (of either kind) as version 5, so
/// version 5 with no short table is refused, as are lifts below 2 or not strictly ascending within a kind, and flag 2 with
/// K' = 0. A proof without short interaction tables has the bytes it had before they existed (flag 1). Version 4 marks the rows on the trace domain (which the evaluation domain contains when the
/// composition has fewer chunks than the blowup, <see cref="Air.EvaluationDomain"/>) and gives them their own widths;
/// version 3 had one set of widths per table on a domain disjoint from the trace's; version 2 sent every opened felt as
/// 32 bytes; version 1 also sent every digest as 32 bytes and every FRI value of an opened coset. None is read.
/// </remarks>
public static class ProofSerializer
{
    /// <summary>The format version this code writes and reads for a proof without short tables.</summary>
    public const byte Version = 4;

    /// <summary>
    /// The format version this code writes and reads for a proof with short tables (<see cref="StarkProof.ShortTables"/>,
    /// <see cref="StarkProof.ShortAuxTables"/>).
    /// </summary>
    public const byte VersionWithShortTables = 5;

    /// <summary>The version a proof is written as: <see cref="VersionWithShortTables"/> when it has short tables of either kind, else <see cref="Version"/>.</summary>
    public static byte VersionOf(StarkProof proof) =>
        proof.ShortTables.Length > 0 || proof.ShortAuxTables.Length > 0 ? VersionWithShortTables : Version;

    /// <summary>The largest log₂ lift a short table may announce: n is an int (below 2^31) and n/s ≥ 8.</summary>
    private const int MaxLogLift = 27;

    /// <summary>The most columns a trace table may announce.</summary>
    internal const int MaxTableWidth = 1 << 16;

    /// <summary>The most rows a trace table may announce: a leaf per query, 2^6 rows a leaf at most (the largest FRI step).</summary>
    internal const int MaxTableRows = StarkParameters.MaxQueries << 6;

    /// <summary>The binary encoding of a proof.</summary>
    public static byte[] Write(StarkProof proof)
    {
        var w = new List<byte>(1 << 16);
        ShortTable[] shortTables = proof.ShortTables, shortAuxTables = proof.ShortAuxTables;
        if (proof.AuxRoot is null && shortAuxTables.Length > 0) throw new ArgumentException("short interaction tables without an interaction", nameof(proof));
        byte version = VersionOf(proof);
        w.Add(version);
        StarkParameters p = proof.Parameters;
        Int(w, proof.LogTraceLength); Int(w, p.LogNCosets); Int(w, p.NQueries); Int(w, p.ProofOfWorkBits); Int(w, p.LastLayerDegreeBound);
        Int(w, p.FriStepList.Length);
        foreach (int s in p.FriStepList) Int(w, s);
        byte[] hash = Encoding.UTF8.GetBytes(p.Hash);
        w.Add((byte)hash.Length);
        w.AddRange(hash);
        (int Offset, int Length) window = MerkleHashes.DigestWindow(p.Hash);
        Digest(w, proof.MainRoot, window);
        if (version == VersionWithShortTables) ShortTableHeaders(w, shortTables, window);
        w.Add(proof.AuxRoot is null ? (byte)0 : shortAuxTables.Length == 0 ? (byte)1 : (byte)2);
        if (proof.AuxRoot is not null) Digest(w, proof.AuxRoot, window);
        if (shortAuxTables.Length > 0) ShortTableHeaders(w, shortAuxTables, window);
        Digest(w, proof.CompositionRoot, window);
        Felts(w, proof.OodTrace);
        Felts(w, proof.OodComposition);
        Digests(w, proof.FriRoots, window);
        Felts(w, proof.FriLastLayer);
        Span<byte> u64 = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(u64, proof.PowNonce);
        w.AddRange(u64.ToArray());
        Rows(w, proof.MainOpening, window);
        foreach (ShortTable st in shortTables) Rows(w, st.Opening, window);
        if (proof.AuxRoot is not null)
        {
            Rows(w, proof.AuxOpening!, window);
            foreach (ShortTable st in shortAuxTables) Rows(w, st.Opening, window);
        }
        Rows(w, proof.CompositionOpening, window);
        UInt(w, (uint)proof.FriOpenings.Length);
        foreach (FriLayerOpening o in proof.FriOpenings) Table(w, o.Values, o.Siblings, window);
        return w.ToArray();
    }

    /// <summary>
    /// Parses the binary encoding. On failure returns false with the error kind and a message naming the
    /// field and the numbers involved; never throws.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out StarkProof? proof, out ProofFormatError error, out string? message)
    {
        proof = null;
        var r = new Reader(bytes.ToArray());
        try
        {
            byte version = r.Byte("version");
            if (version != Version && version != VersionWithShortTables)
                throw new FormatFailure(ProofFormatError.UnsupportedVersion, $"version {version}, this reader knows {Version} and {VersionWithShortTables}");
            int logN = r.Int("log_n", 0, 40);
            int logNCosets = r.Int("log_n_cosets", 0, 64);
            int nQueries = r.Int("n_queries", 0, StarkParameters.MaxQueries);
            int pow = r.Int("proof_of_work_bits", 0, 64);
            int lastBound = r.Int("last_layer_degree_bound", 0, 1 << 30);
            int stepCount = r.Int("fri_step_list length", 0, 32);
            var steps = new int[stepCount];
            for (int i = 0; i < stepCount; i++) steps[i] = r.Int("fri step", 0, 64);
            int hashLength = r.Byte("hash name length");
            string hash = r.Text(hashLength, "hash name");
            if (!MerkleHashes.IsKnown(hash)) throw new FormatFailure(ProofFormatError.InvalidField, $"unknown hash '{hash}': its digest size is unknown");
            r.Window = MerkleHashes.DigestWindow(hash);
            byte[] mainRoot = r.Digest("main root");
            bool withShort = version == VersionWithShortTables;
            (int Lift, byte[] Root)[] shortHeaders = withShort ? r.ShortTableHeaders("short table") : [];
            byte flag = r.Byte("interaction flag");
            if (flag > (withShort ? 2 : 1)) throw new FormatFailure(ProofFormatError.InvalidField, $"interaction flag {flag}, expected 0 or 1{(withShort ? " or 2" : "")}");
            byte[]? auxRoot = flag >= 1 ? r.Digest("interaction root") : null;
            (int Lift, byte[] Root)[] shortAuxHeaders = flag == 2 ? r.ShortTableHeaders("short interaction table") : [];
            if (flag == 2 && shortAuxHeaders.Length == 0)
                throw new FormatFailure(ProofFormatError.InvalidField, "interaction flag 2 with no short interaction table: such a proof has flag 1");
            if (withShort && shortHeaders.Length + shortAuxHeaders.Length == 0)
                throw new FormatFailure(ProofFormatError.InvalidField, $"version {VersionWithShortTables} with no short table: such a proof is written as version {Version}");
            byte[] compositionRoot = r.Digest("composition root");
            Felt[] oodTrace = r.Felts("out-of-domain trace values");
            Felt[] oodComposition = r.Felts("out-of-domain composition values");
            byte[][] friRoots = r.Digests("FRI roots");
            Felt[] lastLayer = r.Felts("FRI last layer");
            ulong nonce = r.UInt64("proof-of-work nonce");
            TableOpening main = r.Rows("main opening");
            ShortTable[] shortTables = r.ShortTables("short table", shortHeaders);
            TableOpening? aux = flag >= 1 ? r.Rows("interaction opening") : null;
            ShortTable[] shortAuxTables = r.ShortTables("short interaction table", shortAuxHeaders);
            TableOpening composition = r.Rows("composition opening");
            uint friCount = r.UInt32("FRI opening count");
            if (friCount > 64) throw new FormatFailure(ProofFormatError.LengthOutOfRange, $"FRI opening count {friCount} above 64");
            var fri = new FriLayerOpening[friCount];
            for (int i = 0; i < fri.Length; i++)
            {
                Felt[] values = r.Felts($"FRI layer {i + 1} opening values");
                fri[i] = new FriLayerOpening(values, r.Digests($"FRI layer {i + 1} opening siblings"));
            }
            if (r.Remaining != 0) throw new FormatFailure(ProofFormatError.TrailingBytes, $"{r.Remaining} bytes after the last field");
            var parameters = new StarkParameters(logNCosets, nQueries, pow, steps, lastBound, hash);
            proof = new StarkProof(parameters, logN, mainRoot, auxRoot, compositionRoot, oodTrace, oodComposition, friRoots, lastLayer, nonce,
                main, aux, composition, fri) { ShortTables = shortTables, ShortAuxTables = shortAuxTables };
            error = ProofFormatError.None;
            message = null;
            return true;
        }
        catch (FormatFailure f)
        {
            error = f.Error;
            message = f.Message;
            return false;
        }
    }

    /// <summary>One kind's short tables' count, then each one's log₂ lift and root; the lifts powers of two ≥ 2, strictly ascending.</summary>
    private static void ShortTableHeaders(List<byte> w, ShortTable[] tables, (int Offset, int Length) window)
    {
        if (tables.Length > byte.MaxValue) throw new ArgumentException($"{tables.Length} short tables of one kind: at most {byte.MaxValue}", nameof(tables));
        w.Add((byte)tables.Length);
        int previous = 1;
        foreach (ShortTable st in tables)
        {
            if (st.Lift <= previous || (st.Lift & (st.Lift - 1)) != 0)
                throw new ArgumentException($"short table lift {st.Lift}: lifts must be powers of two ≥ 2, strictly ascending", nameof(tables));
            previous = st.Lift;
            w.Add((byte)System.Numerics.BitOperations.Log2((uint)st.Lift));
            Digest(w, st.Root, window);
        }
    }

    private static void Int(List<byte> w, int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, v);
        w.AddRange(b.ToArray());
    }

    private static void UInt(List<byte> w, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        w.AddRange(b.ToArray());
    }

    private static void Felts(List<byte> w, Felt[] xs)
    {
        UInt(w, (uint)xs.Length);
        var buf = new byte[32];
        foreach (Felt x in xs)
        {
            x.WriteBytesBigEndian(buf);
            w.AddRange(buf);
        }
    }

    /// <summary>Writes the window's bytes of a 32-byte digest (the masked bytes are zero and left out).</summary>
    private static void Digest(List<byte> w, byte[] d, (int Offset, int Length) window) =>
        w.AddRange(d.AsSpan(window.Offset, window.Length).ToArray());

    private static void Digests(List<byte> w, byte[][] ds, (int Offset, int Length) window)
    {
        UInt(w, (uint)ds.Length);
        foreach (byte[] d in ds) Digest(w, d, window);
    }

    private static void Table(List<byte> w, Felt[] values, byte[][] siblings, (int Offset, int Length) window)
    {
        Felts(w, values);
        Digests(w, siblings, window);
    }

    /// <summary>
    /// A trace table: its width, row count, trace-row marks and minimal column widths per class, each value in its
    /// column's width for its row's class, then its nodes.
    /// </summary>
    private static void Rows(List<byte> w, TableOpening t, (int Offset, int Length) window)
    {
        int rows = t.OnTrace.Length;
        byte[][] widths = [ColumnWidths.Of(t.Values, t.Width, t.OnTrace, false), ColumnWidths.Of(t.Values, t.Width, t.OnTrace, true)];
        UInt(w, (uint)t.Width);
        UInt(w, (uint)rows);
        var marks = new byte[(rows + 7) / 8];
        for (int r = 0; r < rows; r++) if (t.OnTrace[r]) marks[r / 8] |= (byte)(1 << (r % 8));
        w.AddRange(marks);
        w.AddRange(widths[0]);
        w.AddRange(widths[1]);
        var buf = new byte[32];
        for (int i = 0; i < t.Values.Length; i++)
        {
            t.Values[i].WriteBytesBigEndian(buf);
            byte[] classWidths = widths[t.OnTrace[i / t.Width] ? 1 : 0];
            w.AddRange(buf.AsSpan(32 - classWidths[i % t.Width]).ToArray());
        }
        Digests(w, t.Siblings, window);
    }

    /// <summary>A parse failure carried to <see cref="TryRead"/>'s single catch; never escapes this class.</summary>
    private sealed class FormatFailure(ProofFormatError error, string message) : Exception(message)
    {
        public ProofFormatError Error { get; } = error;
    }

    /// <summary>A bounds-checked cursor over the input.</summary>
    private sealed class Reader(byte[] data)
    {
        private int _pos;

        public int Remaining => data.Length - _pos;

        private ReadOnlySpan<byte> Take(int count, string field)
        {
            if (count < 0 || count > Remaining) throw new FormatFailure(ProofFormatError.Truncated, $"{field}: needs {count} bytes, {Remaining} left");
            var s = data.AsSpan(_pos, count);
            _pos += count;
            return s;
        }

        public byte Byte(string field) => Take(1, field)[0];

        /// <summary>One kind's short tables' count, lifts and roots, as the writer puts them.</summary>
        public (int Lift, byte[] Root)[] ShortTableHeaders(string kind)
        {
            var headers = new (int Lift, byte[] Root)[Byte(kind + " count")];
            for (int t = 0; t < headers.Length; t++)
            {
                int logLift = Byte(kind + " log₂ lift");
                if (logLift < 1 || logLift > MaxLogLift)
                    throw new FormatFailure(ProofFormatError.InvalidField, $"{kind} {t}: log₂ lift {logLift}, allowed [1, {MaxLogLift}]");
                if (t > 0 && 1 << logLift <= headers[t - 1].Lift)
                    throw new FormatFailure(ProofFormatError.InvalidField, $"{kind} {t}: lift {1L << logLift} after {headers[t - 1].Lift}, lifts must be strictly ascending");
                headers[t] = (1 << logLift, Digest($"{kind} s={1 << logLift} root"));
            }
            return headers;
        }

        /// <summary>The openings of the short tables <paramref name="headers"/> announced, in their order.</summary>
        public ShortTable[] ShortTables(string kind, (int Lift, byte[] Root)[] headers)
        {
            var tables = new ShortTable[headers.Length];
            for (int t = 0; t < tables.Length; t++) tables[t] = new ShortTable(headers[t].Lift, headers[t].Root, Rows($"{kind} s={headers[t].Lift} opening"));
            return tables;
        }

        public int Int(string field, int min, int max)
        {
            int v = BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));
            if (v < min || v > max) throw new FormatFailure(ProofFormatError.LengthOutOfRange, $"{field} = {v}, allowed [{min}, {max}]");
            return v;
        }

        public uint UInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

        public ulong UInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

        public byte[] Bytes(int count, string field) => Take(count, field).ToArray();

        public string Text(int count, string field)
        {
            try { return new UTF8Encoding(false, true).GetString(Take(count, field)); }
            catch (DecoderFallbackException) { throw new FormatFailure(ProofFormatError.InvalidField, $"{field} is not UTF-8"); }
        }

        private int Count(string field, int elementSize)
        {
            uint count = UInt32(field + " count");
            if ((ulong)count * (ulong)elementSize > (ulong)Remaining)
                throw new FormatFailure(ProofFormatError.LengthOutOfRange, $"{field}: {count} elements of {elementSize} bytes announced, {Remaining} bytes left");
            return (int)count;
        }

        public Felt[] Felts(string field)
        {
            int count = Count(field, 32);
            var xs = new Felt[count];
            for (int i = 0; i < count; i++)
                if (!Felt.TryFromBytesBigEndian(Take(32, field), out xs[i]))
                    throw new FormatFailure(ProofFormatError.NonCanonicalFelt, $"{field}[{i}] is not below p");
            return xs;
        }

        /// <summary>The hash's digest window; set once the hash name is read.</summary>
        public (int Offset, int Length) Window { get; set; } = (0, 32);

        /// <summary>A digest as sent (its window's bytes), widened to 32 bytes with the masked bytes zero.</summary>
        public byte[] Digest(string field)
        {
            var d = new byte[32];
            Take(Window.Length, field).CopyTo(d.AsSpan(Window.Offset));
            return d;
        }

        public byte[][] Digests(string field)
        {
            int count = Count(field, Window.Length);
            var ds = new byte[count][];
            for (int i = 0; i < count; i++) ds[i] = Digest(field);
            return ds;
        }

        /// <summary>
        /// A trace table (<see cref="ColumnWidths"/>): every width in [1, 32], the marks' padding bits zero, the values'
        /// bytes present before any is decoded, every value below p, every column width the minimal one for its class.
        /// </summary>
        public TableOpening Rows(string field)
        {
            uint width = UInt32(field + " width");
            if (width == 0 || width > MaxTableWidth)
                throw new FormatFailure(ProofFormatError.LengthOutOfRange, $"{field}: {width} columns, allowed [1, {MaxTableWidth}]");
            uint rows = UInt32(field + " row count");
            if (rows > MaxTableRows)
                throw new FormatFailure(ProofFormatError.LengthOutOfRange, $"{field}: {rows} rows, allowed [0, {MaxTableRows}]");
            ReadOnlySpan<byte> marks = Take(((int)rows + 7) / 8, field + " trace-row marks");
            var onTrace = new bool[rows];
            for (int r = 0; r < onTrace.Length; r++) onTrace[r] = (marks[r / 8] >> (r % 8) & 1) != 0;
            if (rows % 8 != 0 && marks[^1] >> (int)(rows % 8) != 0)
                throw new FormatFailure(ProofFormatError.InvalidField, $"{field}: trace-row mark bits set past row {rows - 1}");
            ReadOnlySpan<byte> offWidths = Take((int)width, field + " column widths off the trace");
            ReadOnlySpan<byte> onWidths = Take((int)width, field + " column widths on the trace");
            long offBytes = 0, onBytes = 0;
            for (int c = 0; c < (int)width; c++)
            {
                if (offWidths[c] is < 1 or > ColumnWidths.MaxBytes || onWidths[c] is < 1 or > ColumnWidths.MaxBytes)
                    throw new FormatFailure(ProofFormatError.InvalidField,
                        $"{field}: column {c} widths {offWidths[c]} (off the trace) and {onWidths[c]} (on it), allowed [1, {ColumnWidths.MaxBytes}]");
                offBytes += offWidths[c];
                onBytes += onWidths[c];
            }
            int traceRows = onTrace.Count(x => x);
            long tableBytes = (long)(rows - traceRows) * offBytes + (long)traceRows * onBytes;
            if (tableBytes > Remaining)
                throw new FormatFailure(ProofFormatError.LengthOutOfRange, $"{field}: {rows} rows of {tableBytes} bytes announced, {Remaining} bytes left");
            var values = new Felt[(int)rows * (int)width];
            Span<byte> buf = stackalloc byte[32];
            for (int i = 0; i < values.Length; i++)
            {
                int c = i % (int)width, w = onTrace[i / (int)width] ? onWidths[c] : offWidths[c];
                buf.Clear();
                Take(w, field).CopyTo(buf[(32 - w)..]);
                if (!Felt.TryFromBytesBigEndian(buf, out values[i]))
                    throw new FormatFailure(ProofFormatError.NonCanonicalFelt, $"{field}: row {i / (int)width}, column {c} is not below p");
            }
            foreach ((bool traceClass, string where) in new[] { (false, "off"), (true, "on") })
            {
                ReadOnlySpan<byte> sent = traceClass ? onWidths : offWidths;
                byte[] minimal = ColumnWidths.Of(values, (int)width, onTrace, traceClass);
                int wide = sent.CommonPrefixLength(minimal);
                if (wide < sent.Length)
                    throw new FormatFailure(ProofFormatError.NonMinimalEncoding,
                        $"{field}: column {wide} sent {sent[wide]} bytes wide {where} the trace, its values there fit in {minimal[wide]}");
            }
            byte[][] siblings = Digests(field + " siblings");
            return new TableOpening(values, siblings, (int)width, onTrace);
        }
    }
}
