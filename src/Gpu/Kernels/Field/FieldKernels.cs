using ILGPU;

namespace Zetina.Gpu.Kernels.Field;

/// <summary>Element-wise field kernels (see <c>GpuKernel.FeltElementwise</c>, <c>GpuKernel.FeltScale</c>).</summary>
public static class FieldKernels
{
    /// <summary>c[i] = a[i] op b[i] with op = <paramref name="op"/>: 0 multiply, 1 add, 2 subtract.</summary>
    public static void Elementwise(Index1D i, ArrayView<uint> a, ArrayView<uint> b, ArrayView<uint> c, int op, int unused1, int unused2)
    {
        DeviceFelt x = DeviceFelt.Load(a, i);
        DeviceFelt y = DeviceFelt.Load(b, i);
        DeviceFelt r = op == 0 ? DeviceFelt.Mul(x, y) : op == 1 ? DeviceFelt.Add(x, y) : DeviceFelt.Sub(x, y);
        DeviceFelt.Store(c, i, r);
    }

    /// <summary>a[i] = a[i] · b[0].</summary>
    public static void Scale(Index1D i, ArrayView<uint> a, ArrayView<uint> b, ArrayView<uint> unused, int unused0, int unused1, int unused2)
    {
        DeviceFelt.Store(a, i, DeviceFelt.Mul(DeviceFelt.Load(a, i), DeviceFelt.Load(b, 0)));
    }
}
