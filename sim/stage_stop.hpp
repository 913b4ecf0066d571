#pragma once
// A stage of a request stopped by the runtime's own rules rather than by a SimGrid failure: the
// host's queue was full (dropped), the request's timeout passed (timed_out), or a device on the
// route that relays the traffic is off or dead (failed). `status` is the requests.status to
// record and what() the reason.
#include <stdexcept>
#include <string>

namespace a2iot::sim {

class StageStop : public std::runtime_error {
  public:
    StageStop(std::string status, const std::string& reason)
        : std::runtime_error(reason), status_(std::move(status)) {}
    const std::string& status() const { return status_; }

  private:
    std::string status_;
};

}  // namespace a2iot::sim
