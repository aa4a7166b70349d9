using Zetina.Cairo.Air;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// Writes a task's program header and code into the segment the bootloader allocated for it (cairo-lang
/// <c>simple_bootloader/utils.load_program</c>):
/// <code>
/// header: data_length | bootloader_version | program_main | n_builtins | builtin_list[n_builtins] | code…
///         (data_length counts everything after itself; bootloader_version is written by the Cairo code, which asserts it is 0)
/// </code>
/// The bootloader then hashes the header and code with <c>hash_chain</c> (or Poseidon) and calls
/// <c>code + program_main</c>.
/// </summary>
public static class TaskProgramLoader
{
    /// <summary>
    /// Loads <paramref name="task"/> at <paramref name="header"/>; <paramref name="builtinsOffset"/> is the offset of
    /// <c>ProgramHeader.builtin_list</c>. Returns the code's address and the size written (header + code).
    /// </summary>
    public static (Relocatable ProgramAddress, long Size) Load(Memory memory, Relocatable header, long builtinsOffset, BootloaderTask task)
    {
        IReadOnlyList<string> builtins = task.Builtins;
        MaybeRelocatable[] data = task.Data;
        long headerSize = builtinsOffset + builtins.Count;
        memory.Insert(header, MaybeRelocatable.FromFelt((ulong)(headerSize - 1 + data.Length)));
        memory.Insert(header.Add(2), MaybeRelocatable.FromFelt((ulong)task.Main));
        memory.Insert(header.Add(3), MaybeRelocatable.FromFelt((ulong)builtins.Count));
        for (int i = 0; i < builtins.Count; i++)
            memory.Insert(header.Add(builtinsOffset + i), MaybeRelocatable.FromFelt(CairoStatement.ShortString(builtins[i])));
        Relocatable code = header.Add(headerSize);
        memory.Load(code, data);
        return (code, headerSize + data.Length);
    }
}
