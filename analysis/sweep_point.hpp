#pragma once
// One point of a sweep's cross product, with the identity its run gets in the results database
// (runs.scenario_hash covers the file's bytes plus every override, so it names the exact input).
#include <cstdint>
#include <string>
#include <vector>

namespace a2iot::analysis {

struct SweepPoint {
    std::size_t index = 0;               // position in the cross product (0-based)
    std::vector<std::string> overrides;  // KEY=VALUE, the --set strings of `a2iot run`
    std::string scenario_hash;
    std::string policy;
    std::int64_t seed = 1;
};

}  // namespace a2iot::analysis
