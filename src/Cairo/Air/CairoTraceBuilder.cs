using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Air.Opcodes;
using Zetina.Cairo.Run;
using Zetina.Cairo.Vm;
using Zetina.Stark.Common;
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
    /// <para>The permutations cover every slot of rows 0 … n − 2 and slot 0 of the last row (see <see cref="CairoAir"/>).
    /// Row 0's slot 0 holds (1, word at 1) for memory and rc_min for range checks, so both products start at 1.</para>
    /// <para>The other free memory slots (extra slots, the builtin slot of rows without an instance) take, in order:
    /// one dummy access (0, 0) per public-memory cell (§9.7) and per entry of a lifted lane's short product (which the
    /// sorted side then holds in its place), every hole of the covered address range [1, max] (with its value from
    /// <paramref name="memory"/>, or 0), and then copies of (1, word at 1); the dummies all go to the extra slots. The
    /// free range-check slots take rc_min once per short range-check entry (in the extra slots), then the values of
    /// [rc_min, rc_max] that nothing else covers, then rc_min. k and r are the smallest counts ≥ 1 that hold them.</para>
    /// </remarks>
    public static CairoTrace Build(ReadOnlySpan<RegisterState> steps, MemoryImage memory, AirPublicInput publicInput,
        IReadOnlyDictionary<long, (Felt R, Felt W)>? ecdsaSignatures = null, int maxThreads = 0)
    {
        int n = steps.Length;
        if (n < 8 || !BitOperations.IsPow2(n))
            throw new CairoTraceException($"trace has {n} steps; the AIR needs a power of two ≥ 8 (a proof-mode run)");
        if (publicInput.NSteps != n)
            throw new CairoTraceException($"public input says n_steps = {publicInput.NSteps}, the trace has {n} steps");
        if (publicInput.RcMin < 0 || publicInput.RcMax >= 1 << 16 || publicInput.RcMin > publicInput.RcMax)
            throw new CairoTraceException($"rc_min = {publicInput.RcMin}, rc_max = {publicInput.RcMax} do not bound a range in [0, 2^16)");
        CairoBoundary boundary = CairoBoundary.From(publicInput);
        int covered = n - 1; // rows whose every slot is in the permutations

        // CPU columns (paper §9.2–9.6), one row per step.
        var cpu = new Felt[C.CpuWidth][];
        for (int c = 0; c < C.CpuWidth; c++) cpu[c] = HugePages.NewArray<Felt>(n);
        var accessAddr = HugePages.NewArray<ulong>(4 * n);
        var offsets = new ushort[3 * n];
        var isQm31 = new bool[n];
        var resDelta = new Felt[n];
        var qm31Operations = new List<Qm31Operation>();
        var extensionOf = new int[n];
        var blakeOperations = new List<Blake2sOperation>();
        // Rows are independent: filled in parallel blocks, each block's QM31 and Blake2s operations kept by row, and
        // gathered in row order afterwards; of several bad rows the first is reported, as a serial fill would.
        RegisterState[] registers = steps.ToArray();
        var rowQm31 = new Qm31Operation?[n];
        var rowBlake = new Blake2sOperation?[n];
        var jnzRows = new bool[n];
        const int Block = 4096;
        var failures = new CairoTraceException?[(n + Block - 1) / Block];
        Parallelism.For(failures.Length, Parallelism.Resolve(maxThreads), b =>
        {
            for (int i = b * Block, end = Math.Min(n, i + Block); i < end; i++)
            {
                try { rowQm31[i] = FillRow(i, registers[i], memory, cpu, accessAddr, offsets, isQm31, resDelta, extensionOf, jnzRows, out rowBlake[i]); }
                catch (CairoTraceException e) { failures[b] = e; return; }
            }
        });
        foreach (CairoTraceException? failure in failures)
            if (failure is not null) throw failure;
        FillJnzInverses(cpu, jnzRows);
        for (int i = 0; i < n - 1; i++)
        {
            if (rowQm31[i] is Qm31Operation qop) qm31Operations.Add(qop);
            if (rowBlake[i] is Blake2sOperation blake) blakeOperations.Add(blake);
        }
        if (isQm31[0]) throw new CairoTraceException("step 0 is a QM31 instruction; the AIR needs the first step to be another (a proof-mode run starts with its entry code)");
        if (extensionOf[0] is Blake2sOperations.Extension or Blake2sOperations.FinalizeExtension)
            throw new CairoTraceException("step 0 is a Blake2s instruction; the AIR needs the first step to be another (a proof-mode run starts with its entry code)");
        // Blake2s opcode extension (docs/cairo-air.md, "Opcode extensions: Blake2s"): its columns only when a step uses it;
        // each instance's cells (state, message, [ap], output) enter the memory argument through the lane's slots.
        int blakeLanes = 0;
        Felt[][]? blakeColumns = null;
        var blakeCells = new List<ulong>();
        if (blakeOperations.Count > 0)
        {
            if (n < Blake2sLane.InstanceRows)
                throw new CairoTraceException($"the run executes Blake2s instructions in {n} steps; a Blake2s instance needs {Blake2sLane.InstanceRows} rows");
            blakeColumns = Blake2sOperations.Fill(cpu, extensionOf, blakeOperations, out blakeLanes);
            foreach (Blake2sOperation b in blakeOperations)
                for (int i = 0; i < 8; i++) { blakeCells.Add(b.StatePointer + (ulong)i); blakeCells.Add(b.OutputPointer + (ulong)i); }
            foreach (Blake2sOperation b in blakeOperations)
            {
                for (int i = 0; i < 16; i++) blakeCells.Add(b.MessagePointer + (ulong)i);
                blakeCells.Add(b.Ap);
            }
        }
        // QM31 opcode extension (docs/cairo-air.md, "Opcode extensions: QM31"): its columns only when a step uses it.
        int qm31Lanes = 0;
        Felt[][]? qm31Columns = null;
        if (Array.IndexOf(isQm31, true) >= 0) qm31Columns = Qm31Operations.Fill(cpu, isQm31, resDelta, qm31Operations, out qm31Lanes);

        // range_check builtin: instance i on row i, cell begin + i split into eight 16-bit parts.
        bool rcb = boundary.RangeCheckUsed > 0;
        if (boundary.RangeCheckUsed > (ulong)covered)
            throw new CairoTraceException($"range_check builtin uses {boundary.RangeCheckUsed} instances; at most {covered} fit {n} rows");
        int used = boundary.RangeCheckInstances;
        ulong rcBegin = rcb ? publicInput.Segment("range_check").BeginAddr : 0;
        var parts = new ushort[used * CairoTraceShape.RangeCheckParts];
        var rcbValues = new Felt[used];
        for (int i = 0; i < used; i++)
        {
            rcbValues[i] = Read(memory, rcBegin + (ulong)i, i, "range_check builtin cell");
            rcbValues[i].ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
            if ((x2 | x3) != 0)
                throw new CairoTraceException($"range_check instance {i}: value {rcbValues[i]} at {rcBegin + (ulong)i} is not below 2^128");
            for (int b = 0; b < 4; b++)
            {
                parts[i * 8 + b] = (ushort)(x0 >> (16 * b));
                parts[i * 8 + 4 + b] = (ushort)(x1 >> (16 * b));
            }
        }

        // Builtin lanes (docs/cairo-air.md, "Lanes"): every instance computed from its input cells; the cells enter
        // the memory argument through the lanes' memory slots. A builtin's lanes have the heights its use needs
        // (BuiltinInstances.LaneHeights), each filled with its share of the instances. The lanes fill on the threads
        // side by side, each into a witness of its own; their cells are then taken in builtin and lane order, as one
        // witness would have entered them, and the first failure in that order is the one reported.
        var heights = new int[BuiltinLanes.All.Count][];
        var laneOf = new List<(int Builtin, int Lane)>();
        for (int t = 0; t < heights.Length; t++)
        {
            heights[t] = boundary.Builtins[t].LaneHeights(n);
            for (int l = 0; l < heights[t].Length; l++) laneOf.Add((t, l));
        }
        var filled = new Felt[laneOf.Count][][];
        var witnesses = new LaneWitness[laneOf.Count];
        var laneFailures = new CairoTraceException?[laneOf.Count];
        Parallelism.For(laneOf.Count, Parallelism.Resolve(maxThreads), i =>
        {
            (int t, int l) = laneOf[i];
            witnesses[i] = new LaneWitness(heights[t][l], memory, ecdsaSignatures);
            try { filled[i] = BuiltinLanes.All[t].Fill(boundary.Builtins[t].InLane(l, heights[t]), witnesses[i])[0]; }
            catch (CairoTraceException e) { laneFailures[i] = e; }
        });
        foreach (CairoTraceException? failure in laneFailures)
            if (failure is not null) throw failure;
        var lanes = new Felt[BuiltinLanes.All.Count][][][];
        for (int t = 0; t < lanes.Length; t++) lanes[t] = new Felt[heights[t].Length][][];
        for (int i = 0; i < laneOf.Count; i++) lanes[laneOf[i].Builtin][laneOf[i].Lane] = filled[i];
        var builtinCells = new List<(ulong Address, Felt Value)>();
        foreach (LaneWitness laneWitness in witnesses) builtinCells.AddRange(laneWitness.Cells);

        // Range checks: every checked value must lie in [rc_min, rc_max]; the values no covered slot holds go to free slots.
        int rcMin = (int)publicInput.RcMin, rcMax = (int)publicInput.RcMax;
        var rcCount = new int[1 << 16];
        for (int i = 0; i < 3 * n; i++)
        {
            ushort v = offsets[i];
            if (v < rcMin || v > rcMax) throw new CairoTraceException($"step {i / 3}: offset {v} lies outside [rc_min, rc_max] = [{rcMin}, {rcMax}]");
            if (i < 3 * covered) rcCount[v]++;
        }
        foreach (ushort v in parts)
        {
            if (v < rcMin || v > rcMax) throw new CairoTraceException($"range_check builtin part {v} lies outside [rc_min, rc_max] = [{rcMin}, {rcMax}]");
            rcCount[v]++;
        }
        // A lifted lane (n/s rows) takes part in the permutations through short running products of its own: each of
        // its entries on rows 0 … n/s − 2 stands in for a dummy of the trace-long product — a (0, 0) memory access, an
        // rc_min range-check value — which the sorted side then holds as that entry (docs/cairo-air.md, "Lifted lanes").
        // The shape's lanes and lifts are known here; its extra slots k and r follow from what the free slots must hold.
        int rangeCheckLift = boundary.RangeCheckLift(n), rangeCheckRows = n / rangeCheckLift;
        var laneCounts = new int[CairoTraceShape.LaneBuiltins.Count];
        for (int t = 0; t < lanes.Length; t++) laneCounts[t] = lanes[t].Length;
        laneCounts[^2] = qm31Lanes;
        laneCounts[^1] = blakeLanes;
        CairoTraceShape lifted = new CairoTraceShape(BitOperations.Log2((uint)n), rcb, 1, 1, laneCounts)
            .WithLifts([.. heights.Select(h => h.Select(rows => n / rows).ToArray())], rangeCheckLift);
        int shortCells = 0, placeholders = 0;
        foreach (ShortSlot slot in lifted.ShortMemorySlots) shortCells += n / slot.Lift - 1;
        foreach (ShortSlot slot in lifted.ShortRangeCheckSlots) placeholders += n / slot.Lift - 1;
        // Lanes' range-check slots: the parts of active rows are checked (every row of a lane but its last is in a
        // permutation); those of the other rows are free.
        int freeLaneParts = 0;
        for (int t = 0; t < lanes.Length; t++)
        {
            IBuiltinLane lane = BuiltinLanes.All[t];
            for (int l = 0; l < lanes[t].Length; l++)
            {
                int laneRows = lanes[t][l][lane.Active].Length;
                for (int row = 0; row < laneRows - 1; row++)
                {
                    if (lanes[t][l][lane.Active][row].IsZero) { freeLaneParts += lane.RangeCheckSlots; continue; }
                    for (int j = 0; j < lane.RangeCheckSlots; j++)
                    {
                        lanes[t][l][lane.RangeCheckColumn(j)][row].ToCanonical(out ulong v, out _, out _, out _);
                        if (v < (ulong)rcMin || v > (ulong)rcMax)
                            throw new CairoTraceException($"{lane.Builtin} lane {l}, row {row}: part {v} lies outside [rc_min, rc_max] = [{rcMin}, {rcMax}]");
                        rcCount[v]++;
                    }
                }
            }
        }
        rcCount[rcMin]++; // row 0's first extra slot
        var rcHoles = new List<int>();
        for (int v = rcMin; v <= rcMax; v++) if (rcCount[v] == 0) rcHoles.Add(v);
        int inactiveParts = (rcb ? (rangeCheckRows - 1 - used) * CairoTraceShape.RangeCheckParts : 0) + freeLaneParts;
        // Extra range-check capacity: r slots on each covered row and slot 0 of the last row, less row 0's slot 0; they
        // take the lifted lanes' rc_min placeholders first.
        int r = Math.Max(1, (placeholders + Math.Max(0, rcHoles.Count - inactiveParts) + covered - 1) / covered);

        // Memory: public-memory dummies, holes of [1, max covered address], fillers.
        Felt firstWord = boundary.FirstWord;
        ulong maxAddr = 1;
        for (int j = 0; j < 4; j++)
            for (int i = 0; i < covered; i++) maxAddr = Math.Max(maxAddr, accessAddr[j * n + i]);
        if (rcb) maxAddr = Math.Max(maxAddr, rcBegin + (ulong)used - 1);
        foreach ((ulong a, _) in builtinCells) maxAddr = Math.Max(maxAddr, a);
        foreach (ulong a in blakeCells) maxAddr = Math.Max(maxAddr, a);
        foreach (PublicMemoryEntry e in publicInput.PublicMemory)
        {
            maxAddr = Math.Max(maxAddr, e.Address);
            if (!memory.TryGet(e.Address, out Felt mv) || mv != e.Value)
                throw new CairoTraceException($"public memory cell {e.Address} = {e.Value} differs from the memory file");
        }
        if (maxAddr > int.MaxValue - 1) throw new CairoTraceException($"address {maxAddr} is too large for this prover");
        var isCovered = new bool[maxAddr + 1];
        isCovered[1] = true;
        for (int j = 0; j < 4; j++)
            for (int i = 0; i < covered; i++) isCovered[accessAddr[j * n + i]] = true;
        for (int i = 0; i < used; i++) isCovered[rcBegin + (ulong)i] = true;
        foreach ((ulong a, _) in builtinCells) isCovered[a] = true;
        foreach (ulong a in blakeCells) isCovered[a] = true;
        foreach (PublicMemoryEntry e in publicInput.PublicMemory) isCovered[e.Address] = true;
        var freeAddr = new List<ulong>();
        var freeVal = new List<Felt>();
        int dummies = publicInput.PublicMemory.Count + shortCells;
        for (int i = 0; i < dummies; i++) { freeAddr.Add(0); freeVal.Add(Felt.Zero); }
        for (ulong a = 2; a <= maxAddr; a++)
        {
            if (isCovered[a]) continue;
            freeAddr.Add(a);
            freeVal.Add(memory.TryGet(a, out Felt hv) ? hv : Felt.Zero);
        }
        int inactiveCells = rcb ? rangeCheckRows - 1 - used : 0;
        for (int t = 0; t < lanes.Length; t++)
            for (int j = 0; j < BuiltinLanes.All[t].MemorySlots; j++) inactiveCells += FreeLaneSlots(lanes[t], BuiltinLanes.All[t].MemoryAddress(j));
        if (blakeColumns is not null)
            for (int l = 0; l < blakeLanes; l++)
                for (int j = 0; j < Blake2sLane.MemorySlots; j++)
                {
                    Felt[] addresses = blakeColumns[Blake2sOperations.LaneOffset(l) + Blake2sLane.MemoryAddress(j)];
                    for (int row = 0; row < covered; row++) if (addresses[row].IsZero) inactiveCells++;
                }
        // The dummies (0, 0) belong to the trace-long product, so they go to the extra slots (filled first), never to a
        // lifted lane's slot: those are filled last, with holes and fillers only.
        int k = Math.Max(1, Math.Max((Math.Max(0, freeAddr.Count - inactiveCells) + covered - 1) / covered, (dummies + covered - 1) / covered));

        CairoTraceShape shape = lifted with { ExtraMemorySlots = k, ExtraRangeCheckSlots = r };
        var cols = new Felt[shape.MainWidth][];
        for (int c = 0; c < C.CpuWidth; c++) cols[c] = cpu[c];
        for (int t = 0; t < lanes.Length; t++)
            for (int l = 0; l < lanes[t].Length; l++)
                for (int c = 0; c < BuiltinLanes.All[t].Width; c++) cols[shape.LaneBase(t, l) + c] = lanes[t][l][c];
        if (qm31Columns is not null)
            for (int c = 0; c < qm31Columns.Length; c++) cols[shape.Qm31Column + c] = qm31Columns[c];
        if (blakeColumns is not null)
            for (int c = 0; c < blakeColumns.Length; c++) cols[shape.Blake2sColumn + c] = blakeColumns[c];
        if (rcb) // the range_check builtin's columns, n/s rows when lifted
            for (int c = shape.RcBuiltinActive; c <= shape.RcBuiltinPart(CairoTraceShape.RangeCheckParts - 1); c++) cols[c] = HugePages.NewArray<Felt>(rangeCheckRows);
        for (int c = C.CpuWidth; c < cols.Length; c++) cols[c] ??= HugePages.NewArray<Felt>(n);

        // Free memory slots in a fixed order: extra slot j on covered rows (row 0 slot 0 excepted) and slot 0 of the
        // last row, then the builtin cell of covered rows without an instance.
        int nextFree = 0;
        void PutMemory(int addrCol, int row)
        {
            bool real = nextFree < freeAddr.Count;
            cols[addrCol][row] = real ? Felt.FromUInt64(freeAddr[nextFree]) : Felt.One;
            cols[addrCol + 1][row] = real ? freeVal[nextFree] : firstWord;
            nextFree++;
        }
        cols[shape.ExtraMemoryAddress(0)][0] = Felt.One;
        cols[shape.ExtraMemoryAddress(0) + 1][0] = firstWord;
        for (int j = 0; j < k; j++)
        {
            int address = shape.ExtraMemoryAddress(j);
            for (int row = 0; row < n; row++)
            {
                if ((row == 0 && j == 0) || (row == n - 1 && j > 0)) continue;
                PutMemory(address, row);
            }
        }
        int nextHole = 0;
        int TakeRc()
        {
            int v = nextHole < rcHoles.Count ? rcHoles[nextHole++] : rcMin;
            return v;
        }
        if (rcb)
        {
            // Every row but the last is in a permutation (the trace-long one, or the short products when lifted). A lifted
            // column's free memory rows are filled with the lifted lanes', after every dummy.
            for (int row = 0; row < rangeCheckRows; row++)
            {
                bool act = row < used;
                cols[shape.RcBuiltinActive][row] = act ? Felt.One : Felt.Zero;
                if (act)
                {
                    cols[shape.RcBuiltinAddress][row] = rcBegin + (ulong)row;
                    cols[shape.RcBuiltinValue][row] = rcbValues[row];
                }
                else if (row < rangeCheckRows - 1) { if (rangeCheckLift == 1) PutMemory(shape.RcBuiltinAddress, row); }
                else
                {
                    cols[shape.RcBuiltinAddress][row] = Felt.One;
                    cols[shape.RcBuiltinValue][row] = firstWord;
                }
                for (int p = 0; p < CairoTraceShape.RangeCheckParts; p++)
                {
                    int v;
                    if (act) v = parts[row * 8 + p];
                    else if (row < rangeCheckRows - 1) { v = TakeRc(); rcCount[v]++; }
                    else v = rcMin;
                    cols[shape.RcBuiltinPart(p)][row] = (ulong)v;
                }
            }
        }
        // Lane range-check slots on the rows without an active instance: holes on covered rows, rc_min on the last.
        for (int t = 0; t < lanes.Length; t++)
        {
            IBuiltinLane lane = BuiltinLanes.All[t];
            for (int l = 0; l < lanes[t].Length; l++)
            {
                int c0 = shape.LaneBase(t, l), laneRows = cols[c0 + lane.Active].Length;
                for (int row = 0; row < laneRows; row++)
                {
                    if (!cols[c0 + lane.Active][row].IsZero) continue;
                    for (int j = 0; j < lane.RangeCheckSlots; j++)
                    {
                        int v = rcMin;
                        if (row < laneRows - 1) { v = TakeRc(); rcCount[v]++; }
                        cols[c0 + lane.RangeCheckColumn(j)][row] = (ulong)v;
                    }
                }
            }
        }
        // Lane memory slots on the rows where no instance uses them: full-height lanes first, lifted lanes last (after
        // every dummy is placed: a lifted lane's rows enter its short product, where a dummy has no place).
        for (int pass = 0; pass < 2; pass++)
        {
            for (int t = 0; t < lanes.Length; t++)
                for (int l = 0; l < lanes[t].Length; l++)
                    for (int j = 0; j < BuiltinLanes.All[t].MemorySlots; j++)
                    {
                        int addrCol = shape.LaneBase(t, l) + BuiltinLanes.All[t].MemoryAddress(j);
                        if ((cols[addrCol].Length < n) == (pass == 1)) PutLaneFree(addrCol);
                    }
            if (pass == 0)
                for (int l = 0; l < blakeLanes; l++)
                    for (int j = 0; j < Blake2sLane.MemorySlots; j++) PutLaneFree(shape.Blake2sColumn + Blake2sOperations.LaneOffset(l) + Blake2sLane.MemoryAddress(j));
            if (pass == 1 && rangeCheckLift > 1) PutLaneFree(shape.RcBuiltinAddress);
        }
        void PutLaneFree(int addrCol)
        {
            int laneRows = cols[addrCol].Length;
            if (laneRows < n && nextFree < dummies) throw new InvalidOperationException("a dummy would enter a lifted lane's slot");
            for (int row = 0; row < laneRows; row++)
            {
                if (!cols[addrCol][row].IsZero) continue; // a used slot (addresses are ≥ 1)
                if (row < laneRows - 1) PutMemory(addrCol, row);
                else { cols[addrCol][row] = Felt.One; cols[addrCol + 1][row] = firstWord; }
            }
        }
        if (nextFree < freeAddr.Count) throw new InvalidOperationException($"placed {nextFree} of {freeAddr.Count} free memory cells");
        cols[shape.ExtraRangeCheck(0)][0] = (ulong)rcMin;
        for (int j = 0; j < r; j++)
        {
            Felt[] extra = cols[shape.ExtraRangeCheck(j)];
            for (int row = 0; row < n; row++)
            {
                if (row == 0 && j == 0) continue;
                if (row == n - 1 && j > 0) { extra[row] = (ulong)rcMin; continue; }
                if (placeholders > 0) { placeholders--; extra[row] = (ulong)rcMin; continue; } // a short entry's stand-in
                int v = TakeRc();
                rcCount[v]++;
                extra[row] = (ulong)v;
            }
        }
        if (nextHole < rcHoles.Count || placeholders > 0) throw new InvalidOperationException($"placed {nextHole} of {rcHoles.Count} range-check holes ({placeholders} placeholders left)");

        // Sorted memory: the covered unsorted pairs with the dummies replaced by the public cells and then by the lifted
        // lanes' entries, by address, row-major into the covered slots; the rest of the last row repeats the final pair.
        var shortEntries = new List<(ulong Address, Felt Value)>(shortCells);
        foreach (ShortSlot slot in shape.ShortMemorySlots)
            for (int row = 0; row < cols[slot.Column].Length - 1; row++)
            {
                cols[slot.Column][row].ToCanonical(out ulong sa, out _, out _, out _);
                shortEntries.Add((sa, cols[slot.Column + 1][row]));
            }
        int m = shape.MemorySlots;
        int total = m * covered + 1;
        var sortAddr = HugePages.NewArray<ulong>(total);
        var sortVal = HugePages.NewArray<Felt>(total);
        int w = 0, pub = 0;
        var (unsortedMemory, sortedMemory) = MemorySlotColumns(shape);
        for (int row = 0; row < n; row++)
            for (int j = 0; j < (row < covered ? m : 1); j++)
            {
                (int ca, int cv) = unsortedMemory[j];
                cols[ca][row].ToCanonical(out ulong a0, out _, out _, out _);
                Felt v = cols[cv][row];
                if (a0 == 0 && v.IsZero && pub < dummies)
                {
                    (a0, v) = pub < publicInput.PublicMemory.Count
                        ? (publicInput.PublicMemory[pub].Address, publicInput.PublicMemory[pub].Value)
                        : shortEntries[pub - publicInput.PublicMemory.Count];
                    pub++;
                }
                sortAddr[w] = a0;
                sortVal[w] = v;
                w++;
            }
        if (pub != dummies) throw new InvalidOperationException($"placed {pub} of {dummies} public and lifted-lane cells");
        Array.Sort(sortAddr, sortVal);
        for (int t = 0; t < m * n; t++)
        {
            int row = t / m, j = t % m, col = sortedMemory[j];
            int src = Math.Min(t, total - 1);
            cols[col][row] = sortAddr[src];
            cols[col + 1][row] = sortVal[src];
        }

        // Sorted range checks by counting sort, row-major; the rest of the last row repeats rc_max.
        int q = shape.RangeCheckSlots, pos = 0;
        var sortedRangeCheck = new Felt[q][];
        for (int j = 0; j < q; j++) sortedRangeCheck[j] = cols[shape.SortedRangeCheck(j)];
        for (int v = rcMin; v <= rcMax; v++)
        {
            Felt value = (ulong)v;
            for (int c = rcCount[v]; c > 0; c--, pos++) sortedRangeCheck[pos % q][pos / q] = value;
        }
        if (pos != q * covered + 1) throw new InvalidOperationException($"range-check sort placed {pos} of {q * covered + 1} values");
        for (; pos < q * n; pos++) sortedRangeCheck[pos % q][pos / q] = (ulong)rcMax;

        return new CairoTrace(shape, cols);
    }

    /// <summary>
    /// Rows inside a permutation whose lane memory slot (address column offset <paramref name="addrOffset"/>) no
    /// instance uses: each can take one free cell. A lane's rows are in a permutation but its last (a full-height
    /// lane's through the trace-long product, which covers rows 0 … n − 2; a lifted lane's through its short product).
    /// </summary>
    private static int FreeLaneSlots(Felt[][][] lanes, int addrOffset)
    {
        int free = 0;
        foreach (Felt[][] lane in lanes)
        {
            Felt[] addresses = lane[addrOffset];
            for (int row = 0; row < addresses.Length - 1; row++)
                if (addresses[row].IsZero) free++;
        }
        return free;
    }

    /// <summary>
    /// Fills step <paramref name="i"/>'s CPU row; for a QM31 instruction (opcode extension 3) also marks the row,
    /// writes res's correction δ and returns the operation for the lanes.
    /// </summary>
    private static Qm31Operation? FillRow(int i, RegisterState s, MemoryImage memory, Felt[][] cpu, ulong[] accessAddr, ushort[] offsets,
        bool[] isQm31, Felt[] resDelta, int[] extensionOf, bool[] jnzRows, out Blake2sOperation? blake)
    {
        blake = null;
        Felt inst = Read(memory, s.Pc, i, "instruction");
        if (!CairoInstruction.TryDecode(inst, out CairoInstruction ins, out int extension))
            throw new CairoTraceException($"step {i}: word {inst} at pc {s.Pc} is not an instruction (not below 2^65)");
        extensionOf[i] = extension;

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
            // res is free under jnz; the prover sets it to dst^−1 so that t1 = t0·res = 1 when dst ≠ 0 (§9.5). Those
            // inverses are taken together afterwards (FillJnzInverses); res and t1 stay 0 where dst = 0.
            t0 = dst;
            res = Felt.Zero;
            jnzRows[i] = !dst.IsZero;
        }
        else if (ins.Has(CairoFlag.ResAdd)) res = op0 + op1;
        else if (ins.Has(CairoFlag.ResMul)) res = mul;
        else res = op1;
        Qm31Operation? operation = null;
        if (extension == Qm31Operations.Extension)
        {
            bool multiply = ins.Has(CairoFlag.ResMul);
            if (!(multiply ^ ins.Has(CairoFlag.ResAdd)) || !ins.Has(CairoFlag.OpcodeAssertEq))
                throw new CairoTraceException($"step {i}: the QM31 instruction at pc {s.Pc} is not assert_eq with res add or mul");
            if (!Qm31.TryUnpack(op0, out Qm31 x) || !Qm31.TryUnpack(op1, out Qm31 y))
                throw new CairoTraceException($"step {i}: the QM31 instruction at pc {s.Pc} has an operand that is not a packed QM31 element (op0 {op0}, op1 {op1})");
            Qm31 z = multiply ? x * y : x + y;
            Felt packed = z.Pack();
            if (dst != packed)
                throw new CairoTraceException($"step {i}: the QM31 instruction at pc {s.Pc}: dst {dst.ToHexString()} is not op0 {(multiply ? "·" : "+")} op1 = {packed.ToHexString()} in QM31");
            resDelta[i] = packed - res;
            res = packed;
            isQm31[i] = true;
            operation = new Qm31Operation(x, y, z, multiply);
        }
        if (extension is Blake2sOperations.Extension or Blake2sOperations.FinalizeExtension)
            blake = BlakeOperation(i, s, ins, memory, dst, op0, op1, extension == Blake2sOperations.FinalizeExtension);

        cpu[C.Pc][i] = s.Pc;
        cpu[C.Ap][i] = s.Ap;
        cpu[C.Fp][i] = s.Fp;
        cpu[C.Inst][i] = inst;
        cpu[C.OffDst][i] = ins.OffDst;
        cpu[C.OffOp0][i] = ins.OffOp0;
        cpu[C.OffOp1][i] = ins.OffOp1;
        for (int f = 0; f < 15; f++) cpu[C.Flag0 + f][i] = ((ins.Flags >> f) & 1) != 0 ? Felt.One : Felt.Zero;
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
        return operation;
    }

    /// <summary>
    /// res = dst⁻¹ and t1 = t0·res = 1 on the jnz rows whose dst is not zero (<paramref name="rows"/>), the inverses
    /// by one batch inversion (Montgomery's trick) instead of one field inversion per row.
    /// </summary>
    private static void FillJnzInverses(Felt[][] cpu, bool[] rows)
    {
        var at = new List<int>();
        for (int i = 0; i < rows.Length; i++) if (rows[i]) at.Add(i);
        var dst = new Felt[at.Count];
        for (int k = 0; k < dst.Length; k++) dst[k] = cpu[C.Dst][at[k]];
        var inverses = new Felt[dst.Length];
        Felt.BatchInverse(dst, inverses);
        for (int k = 0; k < dst.Length; k++)
        {
            cpu[C.Res][at[k]] = inverses[k];
            cpu[C.T1][at[k]] = Felt.One;
        }
    }

    /// <summary>
    /// A Blake2s step's instance (docs/cairo-air.md, "Opcode extensions: Blake2s"): its form, its 32-bit words, and the
    /// output cells the memory file holds, which must be the compression. Throws <see cref="CairoTraceException"/> naming the step.
    /// </summary>
    private static Blake2sOperation BlakeOperation(int i, RegisterState s, CairoInstruction ins, MemoryImage memory, in Felt dst, in Felt op0, in Felt op1, bool finalize)
    {
        bool formOk = !ins.Has(CairoFlag.OpcodeAssertEq) && !ins.Has(CairoFlag.OpcodeCall) && !ins.Has(CairoFlag.OpcodeRet)
            && !ins.Has(CairoFlag.PcJumpAbs) && !ins.Has(CairoFlag.PcJumpRel) && !ins.Has(CairoFlag.PcJnz) && !ins.Has(CairoFlag.ApAdd)
            && !ins.Has(CairoFlag.ResAdd) && !ins.Has(CairoFlag.ResMul) && !ins.Has(CairoFlag.Op1Imm)
            && (ins.Has(CairoFlag.Op1Fp) ^ ins.Has(CairoFlag.Op1Ap));
        if (!formOk) throw new CairoTraceException($"step {i}: the Blake2s instruction at pc {s.Pc} is not a nop with op1 from fp or ap, res = op1, a regular pc update and ap += 0 or 1");
        uint Word(in Felt v, string what)
        {
            v.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
            if ((x1 | x2 | x3) != 0 || x0 > uint.MaxValue) throw new CairoTraceException($"step {i}: the Blake2s instruction at pc {s.Pc}: {what} = {v} is not a 32-bit word");
            return (uint)x0;
        }
        ulong statePointer = AsAddress(op0, i, "the Blake2s state pointer (op0)"), messagePointer = AsAddress(op1, i, "the Blake2s message pointer (op1)");
        ulong outputPointer = AsAddress(Read(memory, s.Ap, i, "the Blake2s output pointer [ap]"), i, "the Blake2s output pointer [ap]");
        var state = new uint[8];
        var message = new uint[16];
        for (int k = 0; k < 8; k++) state[k] = Word(Read(memory, statePointer + (ulong)k, i, $"Blake2s state word {k}"), $"state word {k}");
        for (int k = 0; k < 16; k++) message[k] = Word(Read(memory, messagePointer + (ulong)k, i, $"Blake2s message word {k}"), $"message word {k}");
        var op = new Blake2sOperation(statePointer, messagePointer, s.Ap, outputPointer, Word(dst, "the counter (dst)"), finalize, state, message);
        uint[] output = Blake2sLane.Output(op);
        for (int k = 0; k < 8; k++)
        {
            Felt written = Read(memory, outputPointer + (ulong)k, i, $"Blake2s output word {k}");
            if (written != (Felt)(ulong)output[k])
                throw new CairoTraceException($"step {i}: the Blake2s instruction at pc {s.Pc}: output word {k} at {outputPointer + (ulong)k} is {written.ToHexString()}, the compression gives {output[k]:x8}");
        }
        return op;
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
    /// The interaction trace for <paramref name="ch"/>: the memory running products p_0..p_{m−1} and the range-check
    /// running products (column-major, <see cref="CairoTraceShape.InteractionWidth"/> columns), row-major over the
    /// covered slots; the uncovered slots of the last row repeat its p_0; then the QM31 lookup's, when present. Throws <see cref="CairoTraceException"/> if
    /// a denominator vanishes (probability ≈ N/p for random challenges).
    /// </summary>
    public static Felt[][] BuildInteraction(CairoTraceShape s, IReadOnlyList<Felt[]> cols, in CairoChallenges ch)
    {
        int n = s.Rows, m = s.MemorySlots, q = s.RangeCheckSlots, covered = n - 1;
        var result = new Felt[s.InteractionWidth][];
        for (int i = 0; i < s.ShortMemorySlots.Count; i++) result[s.ShortMemoryProduct(i)] = HugePages.NewArray<Felt>(n / s.ShortMemorySlots[i].Lift);
        for (int i = 0; i < s.ShortRangeCheckSlots.Count; i++) result[s.ShortRangeCheckProduct(i)] = HugePages.NewArray<Felt>(n / s.ShortRangeCheckSlots[i].Lift);
        for (int c = 0; c < result.Length; c++) result[c] ??= HugePages.NewArray<Felt>(n);

        // Memory: factor_j(row) = (z − (a_j + α·v_j)) / (z − (a'_j + α·v'_j)); range checks: (z' − r_j) / (z' − r'_j). The
        // columns as an array and each slot's column indices looked up once (MemorySlotColumns).
        Felt[][] columns = cols as Felt[][] ?? [.. cols];
        var (unsorted, sortedAddress) = MemorySlotColumns(s);
        var memory = new PermutationSlots(
            [.. unsorted.Select(u => u.Address)], [.. unsorted.Select(u => u.Value)],
            sortedAddress, [.. sortedAddress.Select(a => a + 1)],
            [.. Enumerable.Range(0, m).Select(s.MemoryProduct)]);
        WriteRunningProducts(memory, columns, ch.MemoryZ, ch.MemoryAlpha, covered, result, "memory");
        var rangeCheck = new PermutationSlots(
            [.. Enumerable.Range(0, q).Select(s.UnsortedRangeCheck)], null,
            [.. Enumerable.Range(0, q).Select(s.SortedRangeCheck)], null,
            [.. Enumerable.Range(0, q).Select(s.RangeCheckProduct)]);
        WriteRunningProducts(rangeCheck, columns, ch.RangeCheckZ, Felt.Zero, covered, result, "range-check");

        // The lifted lanes' short products (docs/cairo-air.md, "Lifted lanes"): each starts where the product it continues
        // ends and takes its slot's entries on rows 0 … n/s − 2, each against the dummy it stands in for.
        IReadOnlyList<ShortSlot> shortMemory = s.ShortMemorySlots, shortRangeCheck = s.ShortRangeCheckSlots;
        Felt end = result[s.MemoryProduct(0)][n - 1];
        for (int i = 0; i < shortMemory.Count; i++)
        {
            Felt[] a = columns[shortMemory[i].Column], v = columns[shortMemory[i].Column + 1];
            end = ShortProduct(result[s.ShortMemoryProduct(i)], end, ch.MemoryZ, a, v, ch.MemoryAlpha, ch.MemoryZ, "memory");
        }
        // rc_min is row 0's first unsorted range-check value (a boundary assertion).
        Felt minimum = columns[s.UnsortedRangeCheck(0)][0];
        end = result[s.RangeCheckProduct(0)][n - 1];
        for (int i = 0; i < shortRangeCheck.Count; i++)
            end = ShortProduct(result[s.ShortRangeCheckProduct(i)], end, ch.RangeCheckZ, columns[shortRangeCheck[i].Column], null, Felt.Zero,
                ch.RangeCheckZ - minimum, "range-check");

        // The QM31 lookup's running products (docs/cairo-air.md, "Opcode extensions: QM31").
        if (s.Qm31Lanes > 0)
        {
            Felt[][] lookup = Qm31Operations.BuildLookup(cols, s.Qm31Column, s.Qm31Lanes, ch.MemoryZ, ch.MemoryAlpha);
            for (int j = 0; j < lookup.Length; j++) result[s.Qm31Lookup + j] = lookup[j];
        }
        // The Blake2s lookup's (docs/cairo-air.md, "Opcode extensions: Blake2s").
        if (s.Blake2sLanes > 0)
        {
            Felt[][] lookup = Blake2sOperations.BuildLookup(cols, s.Blake2sColumn, s.Blake2sLanes, ch.MemoryZ, ch.MemoryAlpha);
            for (int j = 0; j < lookup.Length; j++) result[s.Blake2sLookup + j] = lookup[j];
        }
        return result;
    }

    /// <summary>
    /// A lifted lane's short running product into <paramref name="product"/> (its rows): q_0 = <paramref name="start"/>,
    /// q_(r+1) = q_r·(z − (key_r + α·value_r)) / <paramref name="standIn"/> for r &lt; rows − 1, the factor of the dummy each
    /// entry stands in for (z for a memory (0, 0), z' − rc_min for a range check); returns q on the last row. Throws when
    /// the stand-in's factor is zero (a challenge hit it).
    /// </summary>
    private static Felt ShortProduct(Felt[] product, Felt start, Felt z, Felt[] key, Felt[]? value, Felt alpha, Felt standIn, string what)
    {
        if (standIn.IsZero) throw new CairoTraceException($"{what} permutation: a challenge hit a dummy's value (denominator zero)");
        Felt inverse = standIn.Inverse();
        product[0] = start;
        for (int r = 0; r + 1 < product.Length; r++)
        {
            Felt term = value is null ? z - key[r] : z - (key[r] + alpha * value[r]);
            product[r + 1] = product[r] * term * inverse;
        }
        return product[^1];
    }

    /// <summary>
    /// The main columns <see cref="BuildInteraction"/> reads, ascending: every memory slot's unsorted address and value
    /// and sorted address and value, every range-check slot's unsorted and sorted value. Null (all columns) when the
    /// shape has QM31 or Blake2s lanes, whose lookups read their lanes' columns too.
    /// </summary>
    public static int[]? InteractionInputs(CairoTraceShape s)
    {
        if (s.Qm31Lanes > 0 || s.Blake2sLanes > 0) return null;
        var read = new SortedSet<int>();
        var (unsorted, sortedAddress) = MemorySlotColumns(s);
        for (int j = 0; j < s.MemorySlots; j++) read.UnionWith([unsorted[j].Address, unsorted[j].Value, sortedAddress[j], sortedAddress[j] + 1]);
        for (int j = 0; j < s.RangeCheckSlots; j++) read.UnionWith([s.SortedRangeCheck(j), s.UnsortedRangeCheck(j)]);
        foreach (ShortSlot slot in s.ShortMemorySlots) read.UnionWith([slot.Column, slot.Column + 1]);
        foreach (ShortSlot slot in s.ShortRangeCheckSlots) read.Add(slot.Column);
        return [.. read];
    }

    /// <summary>
    /// Each memory slot's unsorted (address, value) columns and sorted address column, looked up once: the loops that
    /// use them visit every slot of every row, and each lookup walks the shape's builtin lane table.
    /// </summary>
    private static ((int Address, int Value)[] Unsorted, int[] Sorted) MemorySlotColumns(CairoTraceShape shape)
    {
        int m = shape.MemorySlots;
        var unsorted = new (int Address, int Value)[m];
        var sorted = new int[m];
        for (int j = 0; j < m; j++) { unsorted[j] = shape.UnsortedMemory(j); sorted[j] = shape.SortedMemoryAddress(j); }
        return (unsorted, sorted);
    }

    /// <summary>
    /// One permutation argument's slots: slot j pairs the unsorted key (and value) columns with the sorted ones and
    /// writes its running product to column <c>Product[j]</c>. A range check's slots hold a key alone (values null).
    /// </summary>
    private sealed record PermutationSlots(int[] UnsortedKey, int[]? UnsortedValue, int[] SortedKey, int[]? SortedValue, int[] Product)
    {
        public int Count => Product.Length;
    }

    /// <summary>
    /// The running products p_j = Π (z − (key_j + α·value_j)) / (z − (key'_j + α·value'_j)) over the covered rows'
    /// slots, row-major, straight into their columns: the quotients' terms are computed where they are needed
    /// (<see cref="RunningProduct.TryOfQuotients"/>), not held as arrays of slots × rows. The last product (slot 0 of
    /// row n − 1) closes every slot's column. Throws when a denominator vanishes.
    /// </summary>
    private static void WriteRunningProducts(PermutationSlots slots, Felt[][] columns, Felt z, Felt alpha, int covered, Felt[][] result, string what)
    {
        int k = slots.Count, last = covered;
        bool ok = RunningProduct.TryOfQuotients(k * covered + 1,
            (start, num, den) => Terms(start, num, den, columns, slots, z, alpha),
            (start, products) => Scatter(products, start, slots.Product, result),
            (start, count, factor) => Rescale(start, count, factor, slots.Product, result));
        if (!ok) throw new CairoTraceException($"{what} permutation: a challenge hit a trace value (denominator zero)");
        Felt p = result[slots.Product[0]][last];
        for (int j = 1; j < k; j++) result[slots.Product[j]][last] = p;
    }

    /// <summary>
    /// The terms start … start + num.Length − 1, term t being slot j = t mod k of row t div k: den = z − (key'_j +
    /// α·value'_j), num = z − (key_j + α·value_j). The block's whole rows column by column in SIMD lanes
    /// (<see cref="FeltSpan"/>: z − key, then + (−α)·value, the same field element), placed at their row-major
    /// positions; the partial rows at the block's two ends one term at a time.
    /// </summary>
    private static void Terms(int start, Span<Felt> num, Span<Felt> den, Felt[][] columns, PermutationSlots slots, Felt z, Felt alpha)
    {
        int k = slots.Count;
        (int head, int firstRow, int rows) = WholeRows(start, num.Length, k);
        // The partial rows, terms [0, head) and [head + rows·k, count), one at a time.
        for (int i = 0; i < head; i++) Term(start + i, columns, slots, z, alpha, out num[i], out den[i]);
        for (int i = head + rows * k; i < num.Length; i++) Term(start + i, columns, slots, z, alpha, out num[i], out den[i]);
        if (rows == 0) return;
        Felt[] scratch = ArrayPool<Felt>.Shared.Rent(2 * rows);
        Span<Felt> zs = scratch.AsSpan(0, rows), lane = scratch.AsSpan(rows, rows);
        zs.Fill(z);
        Felt minusAlpha = -alpha;
        Span<Felt> numRows = num[head..], denRows = den[head..];
        for (int j = 0; j < k; j++)
        {
            FeltSpan.Sub(zs, columns[slots.SortedKey[j]].AsSpan(firstRow, rows), lane);
            if (slots.SortedValue is { } sortedValue) FeltSpan.MulAddScalar(columns[sortedValue[j]].AsSpan(firstRow, rows), minusAlpha, lane);
            Interleave(lane, denRows, j, k);
            FeltSpan.Sub(zs, columns[slots.UnsortedKey[j]].AsSpan(firstRow, rows), lane);
            if (slots.UnsortedValue is { } unsortedValue) FeltSpan.MulAddScalar(columns[unsortedValue[j]].AsSpan(firstRow, rows), minusAlpha, lane);
            Interleave(lane, numRows, j, k);
        }
        ArrayPool<Felt>.Shared.Return(scratch);
    }

    /// <summary>Term t, one at a time: slot j = t mod k of row t div k.</summary>
    private static void Term(int t, Felt[][] columns, PermutationSlots slots, in Felt z, in Felt alpha, out Felt num, out Felt den)
    {
        int k = slots.Count, row = t / k, j = t % k;
        den = slots.SortedValue is { } sortedValue
            ? z - (columns[slots.SortedKey[j]][row] + alpha * columns[sortedValue[j]][row])
            : z - columns[slots.SortedKey[j]][row];
        num = slots.UnsortedValue is { } unsortedValue
            ? z - (columns[slots.UnsortedKey[j]][row] + alpha * columns[unsortedValue[j]][row])
            : z - columns[slots.UnsortedKey[j]][row];
    }

    /// <summary>
    /// How the terms start … start + count − 1 (k per row) fall into rows: the first <c>Head</c> terms finish a row begun
    /// before, then <c>Rows</c> whole rows from <c>FirstRow</c>, then the rest begins a row finished after.
    /// </summary>
    private static (int Head, int FirstRow, int Rows) WholeRows(int start, int count, int k)
    {
        int firstRow = (start + k - 1) / k;
        int head = Math.Min(firstRow * k - start, count);
        return (head, firstRow, (count - head) / k);
    }

    /// <summary>destination[r·k + j] = values[r]: one slot's column into the row-major terms.</summary>
    private static void Interleave(ReadOnlySpan<Felt> values, Span<Felt> destination, int j, int k)
    {
        ref Felt d = ref MemoryMarshal.GetReference(destination[j..]);
        for (int r = 0; r < values.Length; r++) Unsafe.Add(ref d, r * k) = values[r];
    }

    /// <summary>result[column[t mod k]][t div k] = products[t − start] for t from <paramref name="start"/>, k = column.Length: the slots' running products into their columns.</summary>
    private static void Scatter(ReadOnlySpan<Felt> products, int start, int[] column, Felt[][] result)
    {
        int k = column.Length, row = start / k, j = start % k;
        foreach (Felt p in products)
        {
            result[column[j]][row] = p;
            if (++j == k) { j = 0; row++; }
        }
    }

    /// <summary>
    /// result[column[t mod k]][t div k] ·= factor for t in [start, start + count), k = column.Length: each slot's rows
    /// are contiguous in its column, so slot by slot in SIMD lanes (<see cref="FeltSpan.MulScalar"/>).
    /// </summary>
    private static void Rescale(int start, int count, Felt factor, int[] column, Felt[][] result)
    {
        int k = column.Length, end = start + count;
        for (int j = 0; j < k; j++)
        {
            // Rows r with start ≤ r·k + j < end.
            int first = RowsBelow(start - j, k), last = RowsBelow(end - j, k);
            if (last <= first) continue;
            Span<Felt> rows = result[column[j]].AsSpan(first, last - first);
            FeltSpan.MulScalar(rows, factor, rows);
        }
    }

    /// <summary>The number of r ≥ 0 with r·k &lt; x.</summary>
    private static int RowsBelow(int x, int k) => x <= 0 ? 0 : (x + k - 1) / k;
}
