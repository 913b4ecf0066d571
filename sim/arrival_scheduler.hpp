#pragma once
// Submits every device's requests from one actor: a min-heap of each generator's next arrival.
// One actor for all generators instead of one per device: at 10,000 terminals, per-device
// generator actors cost 10,000 stacks (640 MB at 64 KB) and a context switch per arrival each;
// here an arrival costs a heap operation. Requests still run as actors on their device, so a
// device turned off kills them with its host, and arrivals due while a device is off are
// skipped (never submitted), as a switched-off camera takes no pictures.
#include "sim/world.hpp"

namespace a2iot::sim {

class ArrivalScheduler {
  public:
    explicit ArrivalScheduler(World& world) : world_(world) {}
    void operator()();  // the actor body, on the controller host

  private:
    World& world_;
};

}  // namespace a2iot::sim
