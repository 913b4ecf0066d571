#pragma once
// Scratch scenario files for tests that need a variation of a good scenario.
#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace a2iot::scenarios::testing {

// One folder per test process (ctest runs each test as its own process, possibly in
// parallel), removed when the process exits.
inline std::filesystem::path scratch_dir() {
    struct Scratch {
        std::filesystem::path dir;
        Scratch()
            : dir(std::filesystem::temp_directory_path() /
                  ("a2iot-scenarios-test-" + std::to_string(::getpid()))) {
            std::filesystem::create_directories(dir);
        }
        ~Scratch() {
            std::error_code ec;
            std::filesystem::remove_all(dir, ec);
        }
    };
    static const Scratch scratch;
    return scratch.dir;
}

// Writes `text` to a fresh file and returns its path.
inline std::string write_scenario(const std::string& text, const std::string& name = "s") {
    static std::atomic<int> counter{0};
    const auto path = scratch_dir() / (name + "-" + std::to_string(counter++) + ".yaml");
    std::ofstream(path) << text;
    return path.string();
}

inline std::string source_path(const std::string& relative) {
    return (std::filesystem::path(A2IOT_SOURCE_DIR) / relative).string();
}

}  // namespace a2iot::scenarios::testing
