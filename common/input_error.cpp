#include "common/input_error.hpp"

namespace a2iot::common {

InputError::InputError(std::string file, int line, std::string key, std::string value,
                       std::string expected)
    : std::runtime_error(format(file, line, key, value, expected)),
      file_(std::move(file)),
      line_(line),
      key_(std::move(key)),
      value_(std::move(value)),
      expected_(std::move(expected)) {}

std::string InputError::format(const std::string& file, int line, const std::string& key,
                               const std::string& value, const std::string& expected) {
    std::string out;
    if (!file.empty()) {
        out += file;
        // Line 0 means "not from a file line" (a --set value, a command-line option): printing
        // ":0" would send the user to a line that does not exist.
        if (line > 0) {
            out += ':';
            out += std::to_string(line);
        }
        out += ": ";
    }
    if (!key.empty()) {
        out += key;
        out += ": ";
    }
    out += "got '";
    out += value;
    out += "', expected ";
    out += expected;
    return out;
}

}  // namespace a2iot::common
