#include "models/cut.hpp"

#include <stdexcept>

namespace a2iot::models {

Cut Cut::prefix(std::size_t n, std::size_t k) {
    if (k > n) throw std::invalid_argument("Cut::prefix: k > n");
    Cut c = all_remote(n);
    for (std::size_t i = 0; i < k; ++i) c.on_device[i] = true;
    return c;
}

std::size_t Cut::device_count() const {
    std::size_t n = 0;
    for (bool b : on_device) n += b ? 1 : 0;
    return n;
}

namespace {

// Depth-first over nodes in topological order: node i may join the device set only when all its
// inputs already did. Each leaf is a distinct downward-closed set, so every ideal is produced
// exactly once, in O(n) work per ideal.
struct IdealWalker {
    const Variant& v;
    const std::function<bool(const Cut&)>& visit;
    std::size_t limit;
    std::size_t count = 0;
    Cut cut;

    bool walk(std::size_t i) {
        if (i == v.layers.size()) {
            if (count >= limit) return false;
            ++count;
            return visit(cut);
        }
        if (!walk(i + 1)) return false;  // node i stays remote
        bool can = true;
        for (int in : v.layers[i].inputs) can = can && cut.on_device[in];
        if (!can) return true;
        cut.on_device[i] = true;
        const bool go_on = walk(i + 1);
        cut.on_device[i] = false;
        return go_on;
    }
};

}  // namespace

bool enumerate_cuts(const Variant& v, const std::function<bool(const Cut&)>& visit,
                    std::size_t limit) {
    const std::size_t n = v.layers.size();
    if (v.is_chain()) {
        // A chain's ideals are exactly its n+1 prefixes.
        for (std::size_t k = 0; k <= n; ++k) {
            if (k >= limit) return false;
            if (!visit(Cut::prefix(n, k))) return false;
        }
        return true;
    }
    IdealWalker w{v, visit, limit, 0, Cut::all_remote(n)};
    return w.walk(0);
}

bool is_valid_cut(const Variant& v, const Cut& cut) {
    if (cut.on_device.size() != v.layers.size()) return false;
    for (std::size_t i = 0; i < v.layers.size(); ++i) {
        if (!cut.on_device[i]) continue;
        for (int in : v.layers[i].inputs)
            if (!cut.on_device[in]) return false;
    }
    return true;
}

std::int64_t boundary_bytes(const Variant& v, const Cut& cut) {
    if (!is_valid_cut(v, cut)) throw std::invalid_argument("boundary_bytes: invalid cut");
    const std::size_t n = v.layers.size();
    std::vector<bool> sent(n, false);
    bool input_sent = false;
    std::int64_t bytes = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (cut.on_device[i]) continue;
        const auto& in = v.layers[i].inputs;
        if (in.empty() && !input_sent) {
            input_sent = true;
            bytes += v.input_bytes;
        }
        for (int p : in) {
            if (cut.on_device[p] && !sent[p]) {
                sent[p] = true;
                bytes += v.layers[p].output_bytes;
            }
        }
    }
    return bytes;
}

std::int64_t result_bytes(const Variant& v, const Cut& cut) {
    if (v.layers.empty() || cut.on_device.back()) return 0;
    return v.output_bytes > 0 ? v.output_bytes : v.layers.back().output_bytes;
}

double device_flops(const Variant& v, const Cut& cut) {
    double f = 0;
    for (std::size_t i = 0; i < v.layers.size(); ++i)
        if (cut.on_device[i]) f += v.layers[i].flops;
    return f;
}

double remote_flops(const Variant& v, const Cut& cut) {
    double f = 0;
    for (std::size_t i = 0; i < v.layers.size(); ++i)
        if (!cut.on_device[i]) f += v.layers[i].flops;
    return f;
}

std::string describe(const Variant& v, const Cut& cut) {
    const std::size_t n = v.layers.size();
    const std::size_t k = cut.device_count();
    if (k == n) return "local";
    if (k == 0) return "remote";
    if (v.is_chain() && cut == Cut::prefix(n, k)) return "after:" + v.layers[k - 1].name;
    std::string out = "{";
    for (std::size_t i = 0; i < n; ++i) {
        if (!cut.on_device[i]) continue;
        if (out.size() > 1) out += ',';
        out += v.layers[i].name;
    }
    return out + "}";
}

}  // namespace a2iot::models
