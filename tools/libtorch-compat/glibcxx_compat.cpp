// Supplies std::ios_base_library_init() — the one GLIBCXX_3.4.32 (GCC 13) symbol libLibTorchSharp.so
// references — for an older libstdc++. In GCC 13 it only guarantees that the standard streams are
// initialised; with GCC 12's libstdc++ a static ios_base::Init object does exactly that.
#include <ios>
extern "C" void mmagan_ios_base_library_init() __asm__("_ZSt21ios_base_library_initv");
extern "C" void mmagan_ios_base_library_init() { static std::ios_base::Init init; }
namespace { std::ios_base::Init streams_ready; }
