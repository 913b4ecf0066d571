#pragma once
// Counts an execution running on a device while a stage runs, so that the energy monitor sees
// the device busy. Actors of a device that is turned off are killed (a forced unwinding) and no
// simcall may be made then: the destructor only restores the plain counter; the normal path calls
// release(), which also tells the energy monitor.
#include "sim/battery_extension.hpp"
#include "sim/world.hpp"

namespace a2iot::sim {

class ExecSlot {
  public:
    explicit ExecSlot(DeviceRuntime& d) : d_(&d) {
        d_->active_execs++;
        d_->energy->power_changed();
    }
    ExecSlot(const ExecSlot&) = delete;
    ExecSlot& operator=(const ExecSlot&) = delete;
    void release() {
        if (!d_) return;
        d_->active_execs--;
        d_->energy->power_changed();
        d_ = nullptr;
    }
    ~ExecSlot() {
        if (d_) d_->active_execs--;
    }

  private:
    DeviceRuntime* d_;
};

}  // namespace a2iot::sim
