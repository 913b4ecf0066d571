#pragma once
// Child processes for sweeps and regression checks. SimGrid allows one engine per process, so
// every scenario run is its own `a2iot run` process.
#include <sys/types.h>
#include <string>
#include <vector>

namespace a2iot::analysis {

class SweepProcess {
  public:
    // The running executable (/proc/self/exe), so children run the same build.
    static std::string self_executable();
    // Starts argv[0] with argv; stdout and stderr go to log_path (truncated) when it is not
    // empty, stdin is /dev/null. The child gets SIGTERM when this process dies, however it
    // dies, so no point outlives its sweep. Throws std::runtime_error when the process cannot
    // start.
    static pid_t spawn(const std::vector<std::string>& argv, const std::string& log_path);
    // Waits for pid; returns its exit code, or 128 + signal number when it was killed.
    static int wait(pid_t pid);
    // Waits for any child; sets pid and returns its exit code as wait() does. -1 when none left;
    // -2 when a signal interrupted the wait and stop() (when given) says to stop waiting.
    static int wait_any(pid_t& pid, bool (*stop)() = nullptr);
    // Runs argv to completion, output to log_path; returns the exit code.
    static int run(const std::vector<std::string>& argv, const std::string& log_path);
};

}  // namespace a2iot::analysis
