#!/usr/bin/env python3
# Writes the unrolled body of FeltLanes.Limbs52.Product (src/Stark/Field/FeltLanes.Limbs52.cs): the 5×5-limb schoolbook
# product, each partial product split exactly by two fused multiply-adds, interleaved with the five Montgomery rounds
# in base 2^52. Run it and paste its output between the markers there.
L = []
w = L.append
B52 = 0x4330000000000000   # bit pattern of 2^52
B104 = 0x4670000000000000  # bit pattern of 2^104
BIAS = 8                   # carries travel as carry + BIAS so that a logical shift can take them
M64 = (1 << 64) - 1
def n_lo(k): return sum(1 for i in range(5) if 0 <= k - i < 5)
def n_hi(k): return n_lo(k - 1) if k >= 1 else 0
w("        // Column k collects lo(a_i·b_j) for i + j = k and hi(a_i·b_j) for i + j = k − 1 as raw bit patterns: a hi word is")
w("        // bits(2^104) + H and a lo word bits(2^52) + 2^51 + lo. Each column starts at the constant that removes those")
w("        // offsets (and adds the carry bias 8·2^52 that keeps every column non-negative), so it holds its true value once")
w("        // complete. Round k (k < 5) then runs: m_k = −col_k mod 2^52 (−p⁻¹ ≡ −1 mod 2^52), and m_k·p adds m_k at column k")
w("        // (clearing it), 17·m_k·2^36 at column k + 3 and m_k·2^43 at column k + 4, each split at the 2^52 boundary.")
w("        Vector<double> h, lo;")
w("        Vector<ulong> carry, m, u;")
for k in range(10):
    K = (-n_lo(k) * (B52 + (1 << 51)) - n_hi(k) * B104 + (BIAS << 52 if k <= 8 else 0) - (BIAS if k >= 1 else 0)) & M64
    w(f"        Vector<ulong> col{k} = Vector.Create(0x{K:016X}UL);")
for k in range(10):
    w(f"        // column {k}")
    for i in range(5):
        j = k - i
        if 0 <= j < 5:
            w(f"        h = Vector.FusedMultiplyAdd(a{i}, b{j}, c104); lo = Vector.FusedMultiplyAdd(a{i}, b{j}, c104 - h) + loBias;")
            w(f"        col{k} += Vector.AsVectorUInt64(lo); col{k + 1} += Vector.AsVectorUInt64(h);")
    if k >= 1:
        w(f"        col{k} += carry;")
    if k < 5:
        w(f"        m = (Vector<ulong>.Zero - col{k}) & mask;")
        w(f"        carry = (col{k} + m) >> 52;")
        w(f"        u = (m << 4) + m;")
        w(f"        col{k + 3} += (u << 36) & mask;")
        w(f"        col{k + 4} += (u >> 16) + ((m << 43) & mask);")
        w(f"        col{k + 5} += m >> 9;")
    elif k < 9:
        w(f"        Vector<ulong> r{k - 5} = col{k} & mask;")
        w(f"        carry = col{k} >> 52;")
    else:
        w(f"        Vector<ulong> r4 = col9;")
print("\n".join(L))
