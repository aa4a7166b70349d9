using System.Numerics;
using Zetina.Cairo.Air.Files;
using Zetina.Stark.Field;
using C = Zetina.Cairo.Air.CairoColumns;

namespace Zetina.Cairo.Air;

/// <summary>
/// Lays out a Cairo run (registers per step, memory, public input) as the main trace of <see cref="CairoAir"/>, and
/// computes the interaction trace (running permutation products) once the challenges are known.
/// </summary>
public static class CairoTraceBuilder
{
    /// <summary>
    /// Builds the main trace. Throws <see cref="CairoTraceException"/> when the run does not fit the AIR (see there).
    /// </summary>
    /// <remarks>
    /// The extra memory slots take, in order: one dummy access (0, 0) per public-memory cell (§9.7), every hole of
    /// the accessed address range [1, max] (with its value from <paramref name="memory"/>, or 0), and then copies of
    /// the first instruction fetch as fillers. The extra range-check slots take the values of [rc_min, rc_max] that no
    /// offset covers, then rc_min as filler. k and r are the smallest counts ≥ 1 that hold them.
    /// </remarks>
    public static CairoTrace Build(ReadOnlySpan<RegisterState> steps, MemoryImage memory, AirPublicInput publicInput)
    {
        int n = steps.Length;
        if (n < 2 || !BitOperations.IsPow2(n))
            throw new CairoTraceException($"trace has {n} steps; the AIR needs a power of two ≥ 2 (a proof-mode run)");
        if (publicInput.NSteps != n)
            throw new CairoTraceException($"public input says n_steps = {publicInput.NSteps}, the trace has {n} steps");
        if (publicInput.RcMin < 0 || publicInput.RcMax >= 1 << 16 || publicInput.RcMin > publicInput.RcMax)
            throw new CairoTraceException($"rc_min = {publicInput.RcMin}, rc_max = {publicInput.RcMax} do not bound a range in [0, 2^16)");

        // CPU columns (paper §9.2–9.6), one row per step.
        var cpu = new Felt[C.CpuWidth][];
        for (int c = 0; c < C.CpuWidth; c++) cpu[c] = new Felt[n];
        var accessAddr = new ulong[4 * n];
        var offsets = new ushort[3 * n];
        for (int i = 0; i < n; i++) FillRow(i, steps[i], memory, cpu, accessAddr, offsets);

        // Range checks: the offsets must lie in [rc_min, rc_max]; uncovered values of the range go to extra slots.
        int rcMin = (int)publicInput.RcMin, rcMax = (int)publicInput.RcMax;
        var rcCount = new int[1 << 16];
        foreach (ushort v in offsets)
        {
            if (v < rcMin || v > rcMax)
                throw new CairoTraceException($"offset {v} lies outside [rc_min, rc_max] = [{rcMin}, {rcMax}]");
            rcCount[v]++;
        }
        var rcExtra = new List<int>();
        for (int v = rcMin; v <= rcMax; v++) if (rcCount[v] == 0) rcExtra.Add(v);
        int r = Math.Max(1, (rcExtra.Count + n - 1) / n);

        // Memory: public-memory dummies, holes of [1, max accessed], fillers.
        ulong maxAddr = 0;
        foreach (ulong a in accessAddr) if (a > maxAddr) maxAddr = a;
        foreach (PublicMemoryEntry e in publicInput.PublicMemory)
        {
            if (e.Address == 0) throw new CairoTraceException("public memory holds address 0, which the AIR reserves for dummy accesses");
            if (e.Address > maxAddr) maxAddr = e.Address;
            if (!memory.TryGet(e.Address, out Felt mv) || mv != e.Value)
                throw new CairoTraceException($"public memory cell {e.Address} = {e.Value} differs from the memory file");
        }
        if (maxAddr > int.MaxValue - 1) throw new CairoTraceException($"address {maxAddr} is too large for this prover");
        var covered = new bool[maxAddr + 1];
        foreach (ulong a in accessAddr) covered[a] = true;
        foreach (PublicMemoryEntry e in publicInput.PublicMemory) covered[e.Address] = true;
        var extraAddr = new List<ulong>();
        var extraVal = new List<Felt>();
        for (int i = 0; i < publicInput.PublicMemory.Count; i++) { extraAddr.Add(0); extraVal.Add(Felt.Zero); }
        for (ulong a = 1; a <= maxAddr; a++)
        {
            if (covered[a]) continue;
            extraAddr.Add(a);
            extraVal.Add(memory.TryGet(a, out Felt hv) ? hv : Felt.Zero);
        }
        int k = Math.Max(1, (extraAddr.Count + n - 1) / n);

        var shape = new CairoTraceShape(BitOperations.Log2((uint)n), k, r);
        var cols = new Felt[shape.MainWidth][];
        for (int c = 0; c < C.CpuWidth; c++) cols[c] = cpu[c];
        for (int c = C.CpuWidth; c < cols.Length; c++) cols[c] = new Felt[n];

        // Extra memory slot t → slot t / n, row t % n; fillers repeat row 0's instruction fetch.
        Felt fillA = cpu[C.Pc][0], fillV = cpu[C.Inst][0];
        for (int t = 0; t < k * n; t++)
        {
            int j = t / n, row = t % n, col = shape.ExtraMemoryAddress(j);
            bool real = t < extraAddr.Count;
            cols[col][row] = real ? Felt.FromUInt64(extraAddr[t]) : fillA;
            cols[col + 1][row] = real ? extraVal[t] : fillV;
        }
        for (int t = 0; t < r * n; t++)
        {
            int j = t / n, row = t % n;
            int v = t < rcExtra.Count ? rcExtra[t] : rcMin;
            cols[shape.ExtraRangeCheck(j)][row] = (ulong)v;
            rcCount[v]++;
        }

        // Sorted memory: every unsorted access with the dummies replaced by the public cells, by address.
        int m = shape.MemorySlots;
        var sortAddr = new ulong[m * n];
        var sortVal = new Felt[m * n];
        int w = 0;
        for (int j = 0; j < m; j++)
        {
            (int ca, int cv) = shape.UnsortedMemory(j);
            for (int row = 0; row < n; row++)
            {
                cols[ca][row].ToCanonical(out ulong a0, out _, out _, out _);
                sortAddr[w] = a0;
                sortVal[w] = cols[cv][row];
                w++;
            }
        }
        // Replace the |pub| dummies (they are the first |pub| extra entries) by the public cells.
        for (int i = 0; i < publicInput.PublicMemory.Count; i++)
        {
            int t = i; // extra entry t sits in slot 4 + t / n, row t % n
            int idx = (4 + t / n) * n + t % n;
            sortAddr[idx] = publicInput.PublicMemory[i].Address;
            sortVal[idx] = publicInput.PublicMemory[i].Value;
        }
        Array.Sort(sortAddr, sortVal);
        for (int t = 0; t < m * n; t++)
        {
            int row = t / m, j = t % m, col = shape.SortedMemoryAddress(j);
            cols[col][row] = sortAddr[t];
            cols[col + 1][row] = sortVal[t];
        }

        // Sorted range checks by counting sort, row-major.
        int q = shape.RangeCheckSlots, pos = 0;
        for (int v = rcMin; v <= rcMax; v++)
        {
            for (int c = rcCount[v]; c > 0; c--, pos++)
                cols[shape.SortedRangeCheck(pos % q)][pos / q] = (ulong)v;
        }
        if (pos != q * n) throw new InvalidOperationException($"range-check sort placed {pos} of {q * n} values");

        return new CairoTrace(shape, cols);
    }

    private static void FillRow(int i, RegisterState s, MemoryImage memory, Felt[][] cpu, ulong[] accessAddr, ushort[] offsets)
    {
        Felt inst = Read(memory, s.Pc, i, "instruction");
        if (!CairoInstruction.TryDecode(inst, out CairoInstruction ins))
            throw new CairoTraceException($"step {i}: word {inst} at pc {s.Pc} is not an instruction (not below 2^63)");

        ulong dstAddr = Offset(ins.Has(CairoFlag.DstReg) ? s.Fp : s.Ap, ins.OffDst, i);
        ulong op0Addr = Offset(ins.Has(CairoFlag.Op0Reg) ? s.Fp : s.Ap, ins.OffOp0, i);
        Felt dst = Read(memory, dstAddr, i, "dst");
        Felt op0 = Read(memory, op0Addr, i, "op0");
        ulong op1Base;
        if (ins.Has(CairoFlag.Op1Imm)) op1Base = s.Pc;
        else if (ins.Has(CairoFlag.Op1Ap)) op1Base = s.Ap;
        else if (ins.Has(CairoFlag.Op1Fp)) op1Base = s.Fp;
        else op1Base = AsAddress(op0, i, "op0 (as op1 base)");
        ulong op1Addr = Offset(op1Base, ins.OffOp1, i);
        Felt op1 = Read(memory, op1Addr, i, "op1");

        Felt mul = op0 * op1;
        Felt res;
        Felt t0 = Felt.Zero, t1 = Felt.Zero;
        if (ins.Has(CairoFlag.PcJnz))
        {
            // res is free under jnz; the prover sets it to dst^−1 so that t1 = t0·res = 1 when dst ≠ 0 (§9.5).
            t0 = dst;
            res = dst.IsZero ? Felt.Zero : dst.Inverse();
            t1 = t0 * res;
        }
        else if (ins.Has(CairoFlag.ResAdd)) res = op0 + op1;
        else if (ins.Has(CairoFlag.ResMul)) res = mul;
        else res = op1;

        cpu[C.Pc][i] = s.Pc;
        cpu[C.Ap][i] = s.Ap;
        cpu[C.Fp][i] = s.Fp;
        cpu[C.Inst][i] = inst;
        cpu[C.OffDst][i] = ins.OffDst;
        cpu[C.OffOp0][i] = ins.OffOp0;
        cpu[C.OffOp1][i] = ins.OffOp1;
        for (int f = 0; f < 15; f++) cpu[C.Flag0 + f][i] = (ulong)((ins.Flags >> f) & 1);
        cpu[C.DstAddr][i] = dstAddr;
        cpu[C.Dst][i] = dst;
        cpu[C.Op0Addr][i] = op0Addr;
        cpu[C.Op0][i] = op0;
        cpu[C.Op1Addr][i] = op1Addr;
        cpu[C.Op1][i] = op1;
        cpu[C.Res][i] = res;
        cpu[C.T0][i] = t0;
        cpu[C.T1][i] = t1;
        cpu[C.Mul][i] = mul;

        int n = cpu[0].Length;
        accessAddr[i] = s.Pc;
        accessAddr[n + i] = dstAddr;
        accessAddr[2 * n + i] = op0Addr;
        accessAddr[3 * n + i] = op1Addr;
        offsets[3 * i] = ins.OffDst;
        offsets[3 * i + 1] = ins.OffOp0;
        offsets[3 * i + 2] = ins.OffOp1;
    }

    private static ulong Offset(ulong baseAddr, ushort biased, int step)
    {
        long a = (long)baseAddr + biased - CairoInstruction.Bias;
        if (a <= 0) throw new CairoTraceException($"step {step}: operand address {a} is not positive");
        return (ulong)a;
    }

    private static ulong AsAddress(in Felt v, int step, string what)
    {
        v.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        if ((x1 | x2 | x3) != 0 || x0 > int.MaxValue)
            throw new CairoTraceException($"step {step}: {what} = {v} is not a memory address");
        return x0;
    }

    private static Felt Read(MemoryImage memory, ulong address, int step, string what)
    {
        if (!memory.TryGet(address, out Felt v))
            throw new CairoTraceException($"step {step}: {what} at address {address} is not in the memory file");
        return v;
    }

    /// <summary>
    /// The interaction trace for <paramref name="challenges"/>: the memory running products p_0..p_{m−1} and the
    /// range-check running products (column-major, <see cref="CairoTraceShape.InteractionWidth"/> columns).
    /// Throws <see cref="CairoTraceException"/> if a denominator vanishes (probability ≈ N/p for random challenges).
    /// </summary>
    public static Felt[][] BuildInteraction(CairoTrace trace, in CairoChallenges ch)
    {
        CairoTraceShape s = trace.Shape;
        int n = s.Rows, m = s.MemorySlots, q = s.RangeCheckSlots;
        Felt[][] cols = trace.Columns;
        var result = new Felt[s.InteractionWidth][];
        for (int c = 0; c < result.Length; c++) result[c] = new Felt[n];

        // Memory: factor_j(row) = (z − (a_j + α·v_j)) / (z − (a'_j + α·v'_j)), products row-major.
        var den = new Felt[m * n];
        var inv = new Felt[m * n];
        for (int row = 0; row < n; row++)
            for (int j = 0; j < m; j++)
            {
                int sa = s.SortedMemoryAddress(j);
                den[row * m + j] = ch.MemoryZ - (cols[sa][row] + ch.MemoryAlpha * cols[sa + 1][row]);
            }
        CheckNonZero(den, "memory");
        Felt.BatchInverse(den, inv);
        Felt p = Felt.One;
        for (int row = 0; row < n; row++)
            for (int j = 0; j < m; j++)
            {
                (int ua, int uv) = s.UnsortedMemory(j);
                p = p * (ch.MemoryZ - (cols[ua][row] + ch.MemoryAlpha * cols[uv][row])) * inv[row * m + j];
                result[s.MemoryProduct(j)][row] = p;
            }

        var rden = new Felt[q * n];
        var rinv = new Felt[q * n];
        for (int row = 0; row < n; row++)
            for (int j = 0; j < q; j++)
                rden[row * q + j] = ch.RangeCheckZ - cols[s.SortedRangeCheck(j)][row];
        CheckNonZero(rden, "range-check");
        Felt.BatchInverse(rden, rinv);
        p = Felt.One;
        for (int row = 0; row < n; row++)
            for (int j = 0; j < q; j++)
            {
                p = p * (ch.RangeCheckZ - cols[s.UnsortedRangeCheck(j)][row]) * rinv[row * q + j];
                result[s.RangeCheckProduct(j)][row] = p;
            }
        return result;
    }

    private static void CheckNonZero(ReadOnlySpan<Felt> xs, string what)
    {
        foreach (Felt x in xs)
            if (x.IsZero) throw new CairoTraceException($"{what} permutation: a challenge hit a trace value (denominator zero)");
    }
}
