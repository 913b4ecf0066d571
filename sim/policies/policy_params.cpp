#include "sim/policies/policy_params.hpp"

#include <charconv>
#include <cmath>

#include "common/input_error.hpp"
#include "common/unit_error.hpp"

namespace a2iot::sim {

double PolicyParams::get_double(const std::string& key, double fallback) const {
    auto it = spec_.params.find(key);
    if (it == spec_.params.end()) return fallback;
    const std::string& text = it->second;
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v))
        throw common::InputError(spec_.loc.file, spec_.loc.line, "policy.params." + key, text,
                                 "a number");
    return v;
}

double PolicyParams::get_quantity(const std::string& key, double fallback,
                                  common::Quantity q) const {
    auto it = spec_.params.find(key);
    if (it == spec_.params.end()) return fallback;
    try {
        return common::parse_quantity(it->second, q);
    } catch (const common::UnitError& e) {
        throw common::InputError(spec_.loc.file, spec_.loc.line, "policy.params." + key, e.value(),
                                 e.expected());
    }
}

std::string PolicyParams::get_string(const std::string& key, const std::string& fallback) const {
    auto it = spec_.params.find(key);
    return it == spec_.params.end() ? fallback : it->second;
}

}  // namespace a2iot::sim
