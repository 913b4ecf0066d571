#pragma once
// Scratch scenario files for tests that need a variation of a good scenario.
#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace a2iot::scenarios::testing {

inline std::filesystem::path scratch_dir() {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("a2iot-scenarios-test-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
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
