#pragma once
// Pure battery model: energy counting with state of charge, death at empty, no negative charge.
// The simulator attaches one to each battery-powered SimGrid host (sim/battery_extension).

namespace a2iot::devices {

class Battery {
public:
    // capacity_j = mAh * 3.6 * V. level_frac is the initial state of charge in [0, 1].
    Battery(double capacity_j, double level_frac = 1.0);

    // Removes energy; clamps at 0 and returns the energy actually drawn.
    double drain_j(double energy_j);
    // Adds energy (charging), clamped at capacity.
    void charge_j(double energy_j);
    // Scripted "battery: 10%" event.
    void set_level(double level_frac);

    double capacity_j() const { return capacity_j_; }
    double remaining_j() const { return remaining_j_; }
    double soc() const { return capacity_j_ > 0 ? remaining_j_ / capacity_j_ : 0.0; }
    bool empty() const { return remaining_j_ <= 0.0; }
    // Seconds until empty at a constant power; +inf for power <= 0.
    double time_to_empty_s(double power_w) const;

private:
    double capacity_j_;
    double remaining_j_;
};

}  // namespace a2iot::devices
