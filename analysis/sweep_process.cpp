#include "analysis/sweep_process.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace a2iot::analysis {

namespace {
int decode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}
}  // namespace

std::string SweepProcess::self_executable() {
    return std::filesystem::read_symlink("/proc/self/exe").string();
}

pid_t SweepProcess::spawn(const std::vector<std::string>& argv, const std::string& log_path) {
    if (argv.empty()) throw std::invalid_argument("SweepProcess::spawn: empty argv");
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // fork + exec rather than posix_spawn: only a forked child can ask for PR_SET_PDEATHSIG
    // before it runs. A pipe with CLOEXEC reports an exec failure back to the parent.
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        close(report[0]);
        close(report[1]);
        throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        close(report[0]);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent) _exit(127);
        const int in = open("/dev/null", O_RDONLY);
        if (in >= 0) dup2(in, STDIN_FILENO);
        if (!log_path.empty()) {
            const int out = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (out >= 0) {
                dup2(out, STDOUT_FILENO);
                dup2(out, STDERR_FILENO);
            }
        }
        // The child starts with default signal handling whatever the parent installed.
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        execv(args[0], args.data());
        const int err = errno;
        (void)!write(report[1], &err, sizeof err);
        _exit(127);
    }
    close(report[1]);
    int err = 0;
    ssize_t n;
    while ((n = read(report[0], &err, sizeof err)) < 0 && errno == EINTR) {
    }
    close(report[0]);
    if (n == static_cast<ssize_t>(sizeof err)) {
        int status = 0;
        waitpid(pid, &status, 0);
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(err));
    }
    return pid;
}

int SweepProcess::wait(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
    return decode(status);
}

int SweepProcess::wait_any(pid_t& pid, bool (*stop)()) {
    int status = 0;
    for (;;) {
        pid = waitpid(-1, &status, 0);
        if (pid >= 0) return decode(status);
        if (errno == ECHILD) return -1;
        if (errno == EINTR && stop && stop()) return -2;
        if (errno != EINTR)
            throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
}

int SweepProcess::run(const std::vector<std::string>& argv, const std::string& log_path) {
    return wait(spawn(argv, log_path));
}

}  // namespace a2iot::analysis
