#include "sim/dvfs_governor.hpp"

#include <algorithm>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

#include "sim/battery_extension.hpp"

namespace a2iot::sim {

int DvfsGovernor::ondemand_state(const devices::DeviceType& type, int current, double load) {
    const int last = static_cast<int>(type.pstates.size()) - 1;
    if (load > kUpThreshold) return 0;
    const double fmax = type.pstates.front().frequency_hz;
    const double fcur =
        type.pstates.at(static_cast<std::size_t>(std::clamp(current, 0, last))).frequency_hz;
    // Frequency needed so that the same work keeps the load under the threshold.
    const double needed = fcur * load / kUpThreshold;
    int best = 0;
    for (int s = 0; s <= last; ++s)
        if (type.pstates[static_cast<std::size_t>(s)].frequency_hz >= needed) best = s;
    return fmax > 0 ? best : current;
}

void DvfsGovernor::operator()() {
    simgrid::s4u::Actor::self()->daemonize();
    while (true) {
        for (auto& d : world_.devices) {
            if (d->governor != scenarios::DvfsSpec::Governor::Ondemand || d->state != "on")
                continue;
            const double load = static_cast<double>(std::min(d->active_execs, d->type->cores)) /
                                std::max(1, d->type->cores);
            const int s = ondemand_state(*d->type, d->pstate, load);
            if (s != d->pstate) {
                d->energy->update();  // energy so far at the old state's power
                d->pstate = s;
                d->host->set_pstate(s);
                d->energy->power_changed();
            }
        }
        simgrid::s4u::this_actor::sleep_for(kPeriodS);
    }
}

}  // namespace a2iot::sim
