#include "sim/workload_generator.hpp"

#include <algorithm>

namespace a2iot::sim {

namespace {
std::mt19937_64 make_rng(std::uint64_t seed, std::size_t device, std::size_t workload) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(device), static_cast<std::uint32_t>(workload)};
    return std::mt19937_64(seq);
}
}  // namespace

WorkloadGenerator::WorkloadGenerator(const scenarios::WorkloadSpec& spec, std::uint64_t seed,
                                     std::size_t device_index, std::size_t workload_index,
                                     double end_s)
    : spec_(spec),
      rng_(make_rng(seed, device_index, workload_index)),
      end_s_(spec.stop_s ? std::min(*spec.stop_s, end_s) : end_s) {}

double WorkloadGenerator::next_arrival_s(double now_s) {
    if (spec_.rate_per_s <= 0) return -1;
    const double gap = 1.0 / spec_.rate_per_s;
    double t;
    if (last_s_ < 0) {
        // First arrival: a random phase within one period (periodic), or one exponential gap.
        if (spec_.arrival == scenarios::WorkloadSpec::Arrival::Periodic)
            t = spec_.start_s + std::uniform_real_distribution<double>(0.0, gap)(rng_);
        else
            t = spec_.start_s + std::exponential_distribution<double>(spec_.rate_per_s)(rng_);
    } else if (spec_.arrival == scenarios::WorkloadSpec::Arrival::Periodic) {
        t = last_s_ + gap;
    } else {
        t = last_s_ + std::exponential_distribution<double>(spec_.rate_per_s)(rng_);
    }
    // A device that was off skips the arrivals it missed (they were never sensed).
    while (t < now_s) {
        t += spec_.arrival == scenarios::WorkloadSpec::Arrival::Periodic
                 ? gap
                 : std::exponential_distribution<double>(spec_.rate_per_s)(rng_);
    }
    last_s_ = t;
    return t < end_s_ ? t : -1;
}

}  // namespace a2iot::sim
