#pragma once
// While alive, SIGINT, SIGTERM and SIGHUP are recorded instead of killing the process, so that a
// command can stop its children, mark their runs `interrupted` and exit 128 + the signal. No
// SA_RESTART: a blocking call returns EINTR and the caller looks at received().
#include <csignal>

namespace a2iot::cli {

class SignalGuard {
  public:
    SignalGuard() {
        struct sigaction sa {};
        sa.sa_handler = [](int sig) { last_signal() = sig; };
        sigemptyset(&sa.sa_mask);
        for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &sa, &saved_[i]);
    }
    ~SignalGuard() {
        for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &saved_[i], nullptr);
    }
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;

    // The last signal received (0: none).
    static int received() { return last_signal(); }
    static const char* name() {
        switch (last_signal()) {
            case SIGINT:
                return "SIGINT";
            case SIGTERM:
                return "SIGTERM";
            case SIGHUP:
                return "SIGHUP";
            default:
                return "a signal";
        }
    }

  private:
    static constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};
    static volatile std::sig_atomic_t& last_signal() {
        static volatile std::sig_atomic_t sig = 0;
        return sig;
    }
    struct sigaction saved_[3];
};

}  // namespace a2iot::cli
