#pragma once
// Collects every input error found in one scenario file, so that a user fixes them all in one
// pass instead of one per run.
#include <string>
#include <vector>

#include "common/input_error.hpp"

namespace a2iot::scenarios {

class ErrorSink {
  public:
    explicit ErrorSink(std::string file) : file_(std::move(file)) {}

    // line is 1-based; 0 means "not from the file" (a value created by --set).
    void add(int line, const std::string& key, const std::string& value,
             const std::string& expected);
    // An error located in another file (a trace file referenced by the scenario).
    void add_in(const std::string& file, int line, const std::string& key, const std::string& value,
                const std::string& expected);

    bool empty() const { return errors_.empty(); }
    std::size_t size() const { return errors_.size(); }
    const std::string& file() const { return file_; }
    // Sorted by file order (stable), so the output reads top to bottom.
    std::vector<common::InputError> take_sorted();
    const std::vector<common::InputError>& errors() const { return errors_; }

    // Makes a value printable on one line: newlines and tabs escaped, long values shortened.
    static std::string one_line(const std::string& value);
    // Escapes newlines, carriage returns, tabs and other control bytes (\x00) without shortening.
    static std::string escape(const std::string& text);

  private:
    std::string file_;
    std::vector<common::InputError> errors_;
};

}  // namespace a2iot::scenarios
