#pragma once
// A device's radio sending (tx) or receiving while a transfer runs: the battery is drained by the
// radio's power for that time. release() on completion; an unwinding (killed actor, failed
// transfer) aborts without a simcall.
#include "sim/battery_extension.hpp"
#include "sim/world.hpp"

namespace a2iot::sim {

class RadioUse {
  public:
    RadioUse(DeviceRuntime& d, bool tx) : d_(&d), tx_(tx) { d_->energy->radio_begin(tx_); }
    RadioUse(const RadioUse&) = delete;
    RadioUse& operator=(const RadioUse&) = delete;
    void release() {
        if (d_) d_->energy->radio_end(tx_);
        d_ = nullptr;
    }
    ~RadioUse() {
        if (d_) d_->energy->radio_abort(tx_);
    }

  private:
    DeviceRuntime* d_;
    bool tx_;
};

}  // namespace a2iot::sim
