// Runs fuzz inputs through the fuzz target without libFuzzer, so that any compiler builds it: the
// committed corpus (seeds and the minimized reproducers of past findings) is replayed by ctest in
// every build, and under ASan + UBSan by `make sanitize`. A crash or an exception other than
// ScenarioError fails the test; the slowest input is printed to keep an eye on hangs.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        if (fs::is_directory(argv[i])) {
            for (const auto& e : fs::directory_iterator(argv[i]))
                if (e.is_regular_file()) inputs.push_back(e.path());
        } else {
            inputs.emplace_back(argv[i]);
        }
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: %s FILE|DIR...  (no inputs found)\n", argv[0]);
        return 2;
    }
    double slowest_s = 0;
    fs::path slowest;
    for (const auto& p : inputs) {
        std::ifstream in(p, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "%s: cannot read\n", p.c_str());
            return 2;
        }
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        const auto t0 = std::chrono::steady_clock::now();
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (s >= slowest_s) {
            slowest_s = s;
            slowest = p;
        }
    }
    std::printf("%zu inputs replayed; slowest %.3f s (%s)\n", inputs.size(), slowest_s,
                slowest.filename().c_str());
    return 0;
}
