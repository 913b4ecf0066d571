#include "analysis/sweep_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

extern char** environ;

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
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (!log_path.empty()) {
        posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log_path.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
    }
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
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

int SweepProcess::wait_any(pid_t& pid) {
    int status = 0;
    for (;;) {
        pid = waitpid(-1, &status, 0);
        if (pid >= 0) return decode(status);
        if (errno == ECHILD) return -1;
        if (errno != EINTR)
            throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    }
}

int SweepProcess::run(const std::vector<std::string>& argv, const std::string& log_path) {
    return wait(spawn(argv, log_path));
}

}  // namespace a2iot::analysis
