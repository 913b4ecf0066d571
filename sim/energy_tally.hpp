#pragma once
// The energy one request draws on the battery-powered devices it uses (docs/simulation.md,
// "Per-request energy"). A stage in progress is kept open (its power and start time), so that a
// request cut off by its device's death still counts the part of the stage that ran.
#include <algorithm>

namespace a2iot::sim {

struct EnergyTally {
    double energy_j = 0;
    bool known = true;  // false once a power figure the catalog lacks (and no override) was used

    void open(double power_w, bool power_known, double now_s) {
        open_w_ = power_w;
        open_since_s_ = now_s;
        known = known && power_known;
    }
    void close(double now_s) {
        if (open_since_s_ < 0) return;
        energy_j += open_w_ * std::max(0.0, now_s - open_since_s_);
        open_since_s_ = -1;
    }
    void add(const EnergyTally& other) {
        energy_j += other.energy_j;
        known = known && other.known;
    }

  private:
    double open_w_ = 0;
    double open_since_s_ = -1;
};

// What every stage of a request needs to know besides its work.
struct StageContext {
    double deadline_s = 0;          // absolute time at which the request times out
    double timeout_s = 0;           // the timeout itself, for the reason text
    EnergyTally* energy = nullptr;  // where the stage's energy goes
};

}  // namespace a2iot::sim
