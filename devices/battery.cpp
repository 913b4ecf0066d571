#include "devices/battery.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace a2iot::devices {
namespace {

// A level outside [0, 1] or a NaN is a caller bug (the scenario loader has already validated the
// user's value), so it throws instead of being silently clamped.
double checked_level(double level_frac) {
    if (!(level_frac >= 0.0 && level_frac <= 1.0))
        throw std::invalid_argument("battery level must be within [0, 1], got " +
                                    std::to_string(level_frac));
    return level_frac;
}

}  // namespace

Battery::Battery(double capacity_j, double level_frac) : capacity_j_(capacity_j), remaining_j_(0) {
    if (!(capacity_j >= 0.0) || !std::isfinite(capacity_j))
        throw std::invalid_argument("battery capacity must be a finite value >= 0 J, got " +
                                    std::to_string(capacity_j));
    remaining_j_ = capacity_j_ * checked_level(level_frac);
}

double Battery::drain_j(double energy_j) {
    if (!(energy_j >= 0.0))
        throw std::invalid_argument("drained energy must be >= 0 J, got " +
                                    std::to_string(energy_j));
    // The charge never goes negative: the caller learns how much it really got, which is what a
    // device that dies mid-task has consumed.
    const double drawn_j = std::min(energy_j, remaining_j_);
    remaining_j_ -= drawn_j;
    return drawn_j;
}

void Battery::charge_j(double energy_j) {
    if (!(energy_j >= 0.0))
        throw std::invalid_argument("charged energy must be >= 0 J, got " +
                                    std::to_string(energy_j));
    remaining_j_ = std::min(capacity_j_, remaining_j_ + energy_j);
}

void Battery::set_level(double level_frac) {
    remaining_j_ = capacity_j_ * checked_level(level_frac);
}

double Battery::time_to_empty_s(double power_w) const {
    if (!(power_w > 0.0)) return std::numeric_limits<double>::infinity();
    return remaining_j_ / power_w;
}

}  // namespace a2iot::devices
