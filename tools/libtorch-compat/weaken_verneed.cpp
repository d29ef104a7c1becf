// weaken_verneed FILE.so VERSION
// Sets VER_FLG_WEAK on every Vernaux entry named VERSION in FILE's .gnu.version_r, so the
// dynamic loader accepts a libstdc++ that lacks that version. Exit 0 when patched or already
// weak, 3 when the file does not need VERSION at all, 1 on error. Rewrites the file in place
// through a temporary copy (never leaves a half-patched file).
#include <elf.h>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

static int fail(const std::string& msg) { std::fprintf(stderr, "weaken_verneed: %s\n", msg.c_str()); return 1; }

int main(int argc, char** argv) {
    if (argc != 3) return fail("usage: weaken_verneed FILE.so VERSION");
    const std::string path = argv[1], version = argv[2];
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(path + ": cannot open");
    std::vector<unsigned char> b((std::istreambuf_iterator<char>(in)), {});
    if (b.size() < sizeof(Elf64_Ehdr) || std::memcmp(b.data(), ELFMAG, SELFMAG) != 0 || b[EI_CLASS] != ELFCLASS64)
        return fail(path + ": not a 64-bit ELF file");
    auto* eh = reinterpret_cast<Elf64_Ehdr*>(b.data());
    if (eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > b.size()) return fail(path + ": truncated section table");
    auto* sh = reinterpret_cast<Elf64_Shdr*>(b.data() + eh->e_shoff);
    int found = 0, changed = 0;
    for (int i = 0; i < eh->e_shnum; ++i) {
        if (sh[i].sh_type != SHT_GNU_verneed) continue;
        const char* strtab = reinterpret_cast<const char*>(b.data() + sh[sh[i].sh_link].sh_offset);
        size_t off = sh[i].sh_offset;
        for (;;) {
            auto* vn = reinterpret_cast<Elf64_Verneed*>(b.data() + off);
            size_t aoff = off + vn->vn_aux;
            for (int a = 0; a < vn->vn_cnt; ++a) {
                auto* va = reinterpret_cast<Elf64_Vernaux*>(b.data() + aoff);
                if (version == strtab + va->vna_name) {
                    ++found;
                    if (!(va->vna_flags & VER_FLG_WEAK)) { va->vna_flags |= VER_FLG_WEAK; ++changed; }
                }
                if (va->vna_next == 0) break;
                aoff += va->vna_next;
            }
            if (vn->vn_next == 0) break;
            off += vn->vn_next;
        }
    }
    if (found == 0) return 3;
    if (changed == 0) return 0;
    const std::string tmp = path + ".weaken.tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(b.data()), (std::streamsize)b.size());
        if (!out) { std::remove(tmp.c_str()); return fail(tmp + ": write failed"); }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) { std::remove(tmp.c_str()); return fail(path + ": rename failed"); }
    return 0;
}
