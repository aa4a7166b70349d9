#!/usr/bin/env python3
# Writes src/Stark/Hashing/KeccakF1600.Lanes.cs: Keccak-f[1600] on 4 (Vector256) and 8 (Vector512) states at once.
# Both bodies come from the one round below (the same steps as the scalar KeccakF1600.PermuteUnchecked), so the
# two widths cannot drift apart. Run from the repository root: python3 scripts/generate-keccak-lanes.py
import sys

# ρ and π: B[y, 2x + 3y] = rot(A[x, y] ⊕ D[x], r[x, y]), offsets from FIPS 202 Table 2.
RHO = {(0, 0): 0, (1, 0): 1, (2, 0): 62, (3, 0): 28, (4, 0): 27,
       (0, 1): 36, (1, 1): 44, (2, 1): 6, (3, 1): 55, (4, 1): 20,
       (0, 2): 3, (1, 2): 10, (2, 2): 43, (3, 2): 25, (4, 2): 39,
       (0, 3): 41, (1, 3): 45, (2, 3): 15, (3, 3): 21, (4, 3): 8,
       (0, 4): 18, (1, 4): 2, (2, 4): 61, (3, 4): 56, (4, 4): 14}


def body(w):
    v = f"Vector{w}<ulong>"
    out = [f"    [SkipLocalsInit]\n    internal static void Permute{w}(ref {v} s)\n    {{\n"]
    for row in range(5):
        decl = ", ".join(("a00 = s" if 5 * row + i == 0 else f"a{5 * row + i:02d} = Unsafe.Add(ref s, {5 * row + i})") for i in range(5))
        out.append(f"        {v} {decl};\n")
    out.append("\n        ReadOnlySpan<ulong> rc = RoundConstants;\n        for (int round = 0; round < 24; round++)\n        {\n")
    out.append("            // θ: C[x] = ⊕_y A[x, y];  D[x] = C[x−1] ⊕ rot(C[x+1], 1).\n")
    for x in range(5):
        out.append(f"            {v} c{x} = " + " ^ ".join(f"a{x + 5 * y:02d}" for y in range(5)) + ";\n")
    for x in range(5):
        out.append(f"            {v} d{x} = c{(x + 4) % 5} ^ Rol(c{(x + 1) % 5}, 1);\n")
    out.append("\n            // ρ and π: B[y, 2x + 3y] = rot(A[x, y] ⊕ D[x], r[x, y]).\n")
    for y in range(5):
        for x in range(5):
            bx, by = y, (2 * x + 3 * y) % 5
            r = RHO[(x, y)]
            src = f"a{x + 5 * y:02d} ^ d{x}"
            out.append(f"            {v} b{bx + 5 * by:02d} = " + (src if r == 0 else f"Rol({src}, {r})") + ";\n")
    out.append("\n            // χ: A[x, y] = B[x, y] ⊕ (¬B[x+1, y] ∧ B[x+2, y]);  ι: A[0, 0] ⊕= RC[round].\n")
    for y in range(5):
        for x in range(5):
            b = lambda xx: f"b{xx % 5 + 5 * y:02d}"
            iota = f" ^ Vector{w}.Create(rc[round])" if x == 0 and y == 0 else ""
            out.append(f"            a{x + 5 * y:02d} = {b(x)} ^ Vector{w}.AndNot({b(x + 2)}, {b(x + 1)}){iota};\n")
    out.append("        }\n\n")
    for row in range(5):
        out.append("        " + " ".join(("s = a00;" if 5 * row + i == 0 else f"Unsafe.Add(ref s, {5 * row + i}) = a{5 * row + i:02d};") for i in range(5)) + "\n")
    out.append("    }\n")
    return "".join(out)


HEADER = '''using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zetina.Stark.Hashing;

// Keccak-f[1600] over several independent states at once, one state per SIMD element ("lane-sliced"): lane (x, y)
// of every state sits in one vector, so each step of the scalar round becomes the same vector operation.
// Written by scripts/generate-keccak-lanes.py from one template for both widths; edit that, not this file.
public static partial class KeccakF1600
{
    /// <summary>
    /// Applies Keccak-f[1600] in place to four independent states: <paramref name="states25"/>[i] holds lane i
    /// (x + 5y order) of all four, state j in vector element j. Equal, state by state, to <see cref="Permute(Span{ulong})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The span does not hold exactly 25 vectors.</exception>
    public static void Permute(Span<Vector256<ulong>> states25)
    {
        if (states25.Length != 25) throw new ArgumentException($"Keccak-f[1600] state is 25 lanes, got {states25.Length}", nameof(states25));
        Permute256(ref MemoryMarshal.GetReference(states25));
    }

    /// <summary>
    /// Applies Keccak-f[1600] in place to eight independent states, laid out as in
    /// <see cref="Permute(Span{Vector256{ulong}})"/>. Fast only where <see cref="Vector512.IsHardwareAccelerated"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The span does not hold exactly 25 vectors.</exception>
    public static void Permute(Span<Vector512<ulong>> states25)
    {
        if (states25.Length != 25) throw new ArgumentException($"Keccak-f[1600] state is 25 lanes, got {states25.Length}", nameof(states25));
        Permute512(ref MemoryMarshal.GetReference(states25));
    }

    /// <summary>
    /// Rotation left by a constant: one <c>vprolq</c> where AVX-512VL is present (the JIT on an AVX-512 CPU, an
    /// x86-64-v4 build), otherwise two shifts and an OR (AVX2 has no 64-bit rotate).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Rol(Vector256<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(x, n) : (x << n) | (x >>> (64 - n));

    /// <summary>Rotation left by a constant: one <c>vprolq</c> where AVX-512F is present, otherwise shifts and an OR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Rol(Vector512<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n) =>
        Avx512F.IsSupported ? Avx512F.RotateLeft(x, n) : (x << n) | (x >>> (64 - n));

    /// <summary>The permutation on four states (25 vectors from <paramref name="s"/>); the caller guarantees the length.</summary>
'''

MIDDLE = '''
    /// <summary>The permutation on eight states (25 vectors from <paramref name="s"/>); the caller guarantees the length.</summary>
'''

text = HEADER + body(256) + MIDDLE + body(512) + "}\n"
path = sys.argv[1] if len(sys.argv) > 1 else "src/Stark/Hashing/KeccakF1600.Lanes.cs"
with open(path, "w", encoding="utf-8") as f:
    f.write(text)
