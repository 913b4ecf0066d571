#pragma once
// Holds one unit of a plain counter (a target's remote_jobs: its sensed load) for a scope.
namespace a2iot::sim {

class JobCount {
  public:
    explicit JobCount(int& c) : c_(c) { ++c_; }
    JobCount(const JobCount&) = delete;
    JobCount& operator=(const JobCount&) = delete;
    ~JobCount() { --c_; }

  private:
    int& c_;
};

}  // namespace a2iot::sim
