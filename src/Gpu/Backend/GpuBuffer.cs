namespace Zetina.Gpu.Backend;

/// <summary>
/// A device allocation of <see cref="Length"/> 32-bit words owned by the backend that made it. Disposing it
/// frees the device memory; using it after that, or with another backend, is a caller's bug.
/// </summary>
public abstract class GpuBuffer : IDisposable
{
    /// <summary>Creates the handle for a buffer of <paramref name="length"/> words.</summary>
    protected GpuBuffer(long length) => Length = length;

    /// <summary>The size in 32-bit words.</summary>
    public long Length { get; }

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the device memory (true when called from <see cref="Dispose()"/>).</summary>
    protected abstract void Dispose(bool disposing);
}
