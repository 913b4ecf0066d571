#pragma once
// Bad user input (scenario files, CLI values, data files). Reported once, cleanly, exit code 2.
// Never used for simulated faults (those are recorded outcomes) nor for bugs (assertions).
#include <stdexcept>
#include <string>

namespace a2iot::common {

class InputError : public std::runtime_error {
public:
    // file and line may be empty/0 when the input has no location (a CLI flag, say).
    InputError(std::string file, int line, std::string key, std::string value,
               std::string expected);

    const std::string& file() const { return file_; }
    int line() const { return line_; }
    const std::string& key() const { return key_; }
    const std::string& value() const { return value_; }
    const std::string& expected() const { return expected_; }

    // The one-line form every command prints: "file:line: key: got 'value', expected ...".
    static std::string format(const std::string& file, int line, const std::string& key,
                              const std::string& value, const std::string& expected);

private:
    std::string file_;
    int line_;
    std::string key_;
    std::string value_;
    std::string expected_;
};

}  // namespace a2iot::common
