using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// The layout a bootloader run is proved in: of the published layouts, the one whose proof-mode run of the input
/// has the fewest steps, the bootloader's builtins that its tasks leave unused kept as empty segments
/// (<see cref="RunOptions.EmptySegmentsForMissingBuiltins"/>).
/// </summary>
/// <remarks>
/// <para>Why measure instead of choosing by builtin names: cairo-lang's bootloader declares output, pedersen,
/// range_check, ecdsa, bitwise, ec_op, keccak and poseidon, but uses output, pedersen (to hash each task's program)
/// and range_check, plus whatever its tasks use — and a PIE may declare a builtin it never calls. The proof-mode
/// length is then set by the layout's ratios against that use: the bootloader's Pedersen hashes of a large Cairo 1
/// program need one instance per 8 steps in small or all_solidity but per 32 in starknet and per 128 in recursive,
/// and keccak's 16 instances per 2048 steps pad starknet_with_keccak to 2^15 steps or more whatever runs. The
/// shared PIEs' bootloader runs measure 4,096 steps in small, 8,192 or 16,384 in all_solidity, and 65,536 in
/// starknet_with_keccak (docs/cairo-vm.md, "Bootloader").</para>
/// <para>Cost: one bootloader run per published layout (most fail fast or take tens of milliseconds; the run of a
/// PIE whose program hashes to hundreds of Pedersen instances takes a few hundred), far below proving one.</para>
/// </remarks>
public static class BootloaderLayout
{
    /// <summary>
    /// Runs <paramref name="bootloader"/> in proof mode on <paramref name="input"/> in every published layout
    /// (<see cref="CairoLayout.ByCost"/>) and returns the run with the fewest steps, the cheaper layout on a tie; its
    /// <see cref="CairoRunner.Options"/> name the layout. A layout lacking a builtin the run uses is skipped; any
    /// other failure (the task fails, <paramref name="maxSteps"/> is exceeded) is the task's and is thrown as the
    /// first layout met it. Throws <see cref="CairoException"/> (<see cref="CairoErrorKind.UnknownBuiltin"/>) when no
    /// layout holds the builtins the run uses.
    /// </summary>
    public static CairoRunner RunInSmallest(CairoProgram bootloader, BootloaderInput input, long maxSteps)
    {
        CairoRunner? best = null;
        CairoException? lastMissing = null;
        foreach (CairoLayout layout in CairoLayout.ByCost)
        {
            var runner = new CairoRunner(bootloader, Options(layout, input, maxSteps));
            try
            {
                runner.Run();
            }
            catch (CairoException e) when (e.Kind == CairoErrorKind.UnknownBuiltin)
            {
                lastMissing = e;
                continue;
            }
            if (best is null || runner.Steps < best.Steps) best = runner;
        }
        return best ?? throw new CairoException(CairoErrorKind.UnknownBuiltin,
            $"no published layout holds the builtins the bootloader run uses ({lastMissing?.Message})");
    }

    /// <summary>The options a bootloader run in <paramref name="layout"/> is proved with (proof mode, unused builtins as empty segments).</summary>
    public static RunOptions Options(CairoLayout layout, BootloaderInput input, long maxSteps) => new()
    {
        Layout = layout,
        ProofMode = true,
        EmptySegmentsForMissingBuiltins = true,
        MaxSteps = maxSteps,
        BootloaderInput = input,
    };
}
