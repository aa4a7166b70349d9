#!/usr/bin/env python3
# Writes the unrolled body of FeltLanes.Product (src/Stark/Field/FeltLanes.cs): the 8×8-digit schoolbook
# product interleaved with the eight Montgomery rounds. Run it and paste its output between the markers there.
L=[]
w=L.append
w("        // Column k of the schoolbook product is Σ_{i+j=k} lo(a_i·b_j) + Σ_{i+j=k−1} hi(a_i·b_j). Round k of the")
w("        // reduction runs as soon as column k is complete: m_k = −col_k mod 2^32 (−p⁻¹ ≡ −1 mod 2^32), and m_k·p adds")
w("        // m_k at column k (clearing it), 17·m_k at column k + 6 and 2^27·m_k at column k + 7.")
w("        Vector<ulong> col, next = Vector<ulong>.Zero, carry = Vector<ulong>.Zero, prod;")
for k in range(16):
    w(f"        // column {k}")
    w("        col = next + carry; next = Vector<ulong>.Zero;")
    for i in range(8):
        j=k-i
        if 0<=j<8:
            w(f"        prod = MultiplyDigits(a{i}, b{j}); col += prod & mask; next += prod >> 32;")
    if 6<=k<=13: w(f"        col += (m{k-6} << 4) + m{k-6};")
    if 7<=k<=14: w(f"        col += m{k-7} << 27;")
    if k<8:
        w(f"        Vector<ulong> m{k} = (Vector<ulong>.Zero - col) & mask;")
        w(f"        carry = (col + m{k}) >> 32;")
    else:
        w(f"        Vector<ulong> r{k-8} = col & mask;")
        w(f"        carry = col >> 32;")
print("\n".join(L))
