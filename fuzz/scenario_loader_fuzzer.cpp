// libFuzzer target on the scenario loader (scripts/fuzz.sh). A rejected input must come back as
// ScenarioError (exit 2 in the CLI); any other exception, a sanitizer report, a hang (-timeout)
// or a runaway allocation (-rss_limit_mb / -malloc_limit_mb) is a finding.
//
// Two modes from this one source:
//   scenario_loader_fuzzer     the whole input is a scenario file's bytes;
//   scenario_overrides_fuzzer  (A2IOT_FUZZ_OVERRIDES) the input is "scenario\0set\0set...": the
//                              text before the first NUL is the scenario (YAML cannot hold a NUL),
//                              each later NUL-separated piece one --set KEY=VALUE.
//
// Files: the loader only ever opens files for reading (the scenario's trace files, resolved
// against the folder of "fuzz.yaml", i.e. the fuzzer's working directory). scripts/fuzz.sh runs
// it in build-fuzz/fuzz/work/, which holds copies of the traces the seeds name, so relative trace
// paths cannot reach the source tree; absolute ones can read, never write.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"
#include "scenarios/scenario_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::string scenario = input;
    std::vector<std::string> overrides;
#ifdef A2IOT_FUZZ_OVERRIDES
    if (const auto nul = input.find('\0'); nul != std::string::npos) {
        scenario = input.substr(0, nul);
        for (std::size_t at = nul + 1;;) {
            const auto next = input.find('\0', at);
            overrides.push_back(input.substr(at, next - at));
            if (next == std::string::npos) break;
            at = next + 1;
        }
    }
#endif
    try {
        const auto spec = a2iot::scenarios::load_text(scenario, "fuzz.yaml", overrides);
        // A loaded scenario is also expanded into its sweep points, as `a2iot sweep` does.
        (void)a2iot::scenarios::sweep_points(spec);
    } catch (const a2iot::scenarios::ScenarioError&) {
        // Rejected with a message: the intended outcome for bad input.
    }
    return 0;
}
