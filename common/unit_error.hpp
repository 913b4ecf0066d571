#pragma once
#include <stdexcept>
#include <string>

namespace a2iot::common {

// A value that parse_quantity cannot read. It carries the value and what was expected but no
// location: the caller (the scenario loader, a CLI option) adds file, line and key.
class UnitError : public std::runtime_error {
public:
    UnitError(std::string value, std::string expected)
        : std::runtime_error("got '" + value + "', expected " + expected),
          value_(std::move(value)),
          expected_(std::move(expected)) {}
    const std::string& value() const { return value_; }
    const std::string& expected() const { return expected_; }

private:
    std::string value_;
    std::string expected_;
};

}  // namespace a2iot::common
