#pragma once
// Cuts of a layer DAG: which nodes run on the device, the rest running remotely. A valid cut is
// downward-closed: every input of a device node is itself a device node (the device cannot wait
// for remote results mid-way). For a chain these are the n+1 prefixes.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/card.hpp"

namespace a2iot::models {

struct Cut {
    std::vector<bool> on_device;  // one entry per layer node

    static Cut all_remote(std::size_t n) { return Cut{std::vector<bool>(n, false)}; }
    static Cut all_local(std::size_t n) { return Cut{std::vector<bool>(n, true)}; }
    static Cut prefix(std::size_t n, std::size_t k);  // nodes [0, k) on device

    std::size_t device_count() const;
    bool operator==(const Cut&) const = default;
};

// Enumerates every downward-closed set (the chain's n+1 prefixes for a chain). Calls `visit`
// for each; stops early and returns false when `visit` returns false or `limit` is reached.
bool enumerate_cuts(const Variant& v, const std::function<bool(const Cut&)>& visit,
                    std::size_t limit = SIZE_MAX);

bool is_valid_cut(const Variant& v, const Cut& cut);

// Bytes that cross from device to remote: the outputs of device nodes read by remote nodes,
// plus the model input when some remote node reads the input directly (each tensor once).
// All-local sends nothing; all-remote sends the input.
std::int64_t boundary_bytes(const Variant& v, const Cut& cut);

// Bytes returned to the device: the output when the final node runs remotely, else 0.
std::int64_t result_bytes(const Variant& v, const Cut& cut);

double device_flops(const Variant& v, const Cut& cut);
double remote_flops(const Variant& v, const Cut& cut);

// "local", "remote", "after:NODE" for a chain prefix, or "{a,b,c}" for a DAG set.
std::string describe(const Variant& v, const Cut& cut);

}  // namespace a2iot::models
