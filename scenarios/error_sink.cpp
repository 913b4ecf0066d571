#include "scenarios/error_sink.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace a2iot::scenarios {

void ErrorSink::add(int line, const std::string& key, const std::string& value,
                    const std::string& expected) {
    add_in(file_, line, key, value, expected);
}

void ErrorSink::add_in(const std::string& file, int line, const std::string& key,
                       const std::string& value, const std::string& expected) {
    // Every error must print as exactly one line, whatever the user wrote.
    errors_.emplace_back(file, line, escape(key), one_line(value), escape(expected));
}

std::vector<common::InputError> ErrorSink::take_sorted() {
    std::stable_sort(errors_.begin(), errors_.end(),
                     [this](const common::InputError& a, const common::InputError& b) {
                         // The scenario's own errors first, then those of referenced files.
                         const bool a_own = a.file() == file_;
                         const bool b_own = b.file() == file_;
                         if (a_own != b_own) return a_own;
                         return a.line() < b.line();
                     });
    return std::move(errors_);
}

std::string ErrorSink::escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if ((c >= 0 && c < 0x20) || c == 0x7f) {
            // Other control bytes (NUL included) would cut or garble the line on a terminal.
            out += fmt::format("\\x{:02x}", static_cast<int>(c));
        } else {
            out += c;
        }
    }
    return out;
}

std::string ErrorSink::one_line(const std::string& value) {
    constexpr std::size_t kMax = 80;
    std::string out = escape(value);
    if (out.size() > kMax) {
        out.resize(kMax - 3);
        out += "...";
    }
    return out;
}

}  // namespace a2iot::scenarios
