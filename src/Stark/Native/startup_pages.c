/*
 * Huge pages for the native-AOT binary's start-up data. The runtime's first act, before Main, is to rehydrate its
 * type and frozen-object data into the writable segment's zero-filled tail (the ".hydrated" section, about 5 MB for
 * the node): a write to every page, so every process start first-touches those pages one 4 KB fault at a time, and a
 * fault on a virtual machine costs microseconds. This constructor, run by the loader before the runtime starts, advises
 * the 2 MB-aligned part of that tail MADV_HUGEPAGE (honoured where transparent huge pages are "madvise", Debian's
 * default), so most of it faults in as one or two 2 MB pages (how many fit depends on where address randomization
 * loads the binary). The advice changes no byte; where it is not honoured nothing changes. Only the static archive's
 * copy runs it (the shared library for JIT builds is compiled with ZETINA_SHARED_LIBRARY: a JIT process has no such
 * data).
 */
#ifndef ZETINA_SHARED_LIBRARY
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

enum { HUGE_PAGE = 2u << 20 };

/* The main program's writable PT_LOAD segments: advise the part past the file's bytes (anonymous zero pages). */
static int advise_main_program(struct dl_phdr_info *info, size_t size, void *unused)
{
    (void)size;
    (void)unused;
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD || !(p->p_flags & PF_W) || p->p_memsz <= p->p_filesz) continue;
        uintptr_t start = info->dlpi_addr + p->p_vaddr + p->p_filesz;
        uintptr_t end = info->dlpi_addr + p->p_vaddr + p->p_memsz;
        start = (start + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
        end &= ~(uintptr_t)(HUGE_PAGE - 1);
        if (end > start) (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
    }
    return 1; /* the first object listed is the main program */
}

__attribute__((constructor)) static void zk_advise_startup_data(void)
{
    dl_iterate_phdr(advise_main_program, 0);
}
#endif
