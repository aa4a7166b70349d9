using Zetina.Gpu.Backend;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;

namespace Zetina.Gpu.Prover;

/// <summary>
/// The STARK engine's backend interfaces on one GPU, sharing the device between phases: the LDE that
/// <see cref="Lde"/> computes stays on the device and <see cref="Commitment"/> hashes it there (see
/// <see cref="ResidentColumns"/>). Hand <see cref="Lde"/> and <see cref="Commitment"/> to the prover.
/// </summary>
public sealed class GpuStarkBackends : IDisposable
{
    private readonly bool _ownsDevice;

    /// <summary>
    /// Builds the backends on <paramref name="device"/>; with <paramref name="ownsDevice"/> disposing this
    /// disposes the device too. Hashes without a kernel go to <paramref name="commitmentFallback"/> (default:
    /// the CPU backend).
    /// </summary>
    public GpuStarkBackends(IGpuBackend device, bool ownsDevice, IVectorCommitmentBackend? commitmentFallback = null)
    {
        Device = device;
        _ownsDevice = ownsDevice;
        Resident = new ResidentColumns();
        LdeBackend = new GpuLdeBackend(device, Resident);
        CommitmentBackend = new GpuVectorCommitmentBackend(device, commitmentFallback, Resident);
    }

    /// <summary>
    /// Opens the first CUDA GPU and builds the backends on it, or returns null when there is none;
    /// <paramref name="line"/> is the one line to show either way ("GPU: …" or "no GPU found (…)").
    /// </summary>
    public static GpuStarkBackends? TryOpen(out string line)
    {
        IGpuBackend? device = GpuSelection.TryOpen(out line);
        return device is null ? null : new GpuStarkBackends(device, ownsDevice: true);
    }

    /// <summary>The device everything runs on.</summary>
    public IGpuBackend Device { get; }

    /// <summary>The extension kept on the device between the LDE and the commitment.</summary>
    public ResidentColumns Resident { get; }

    /// <summary>The NTT/LDE backend.</summary>
    public ILdeBackend Lde => LdeBackend;

    /// <summary>The Merkle commitment backend.</summary>
    public IVectorCommitmentBackend Commitment => CommitmentBackend;

    private GpuLdeBackend LdeBackend { get; }

    private GpuVectorCommitmentBackend CommitmentBackend { get; }

    /// <summary>Frees the device tables and the resident extension (and the device, when owned).</summary>
    public void Dispose()
    {
        Resident.Dispose();
        LdeBackend.Dispose();
        CommitmentBackend.Dispose();
        if (_ownsDevice) Device.Dispose();
    }
}
