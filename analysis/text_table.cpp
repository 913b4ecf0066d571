#include "analysis/text_table.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace a2iot::analysis {

namespace {

bool numeric(const std::string& s) {
    // Placeholders for a missing or unbounded value stay in the column's number alignment.
    if (s == "-" || s == "unknown" || s == "unfinished") return true;
    if (s.empty()) return false;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    // "+12.5%" and "95.0 (+5.0%)" (a value with its relative difference) align as numbers too.
    if (end == s.c_str()) return false;
    const std::string rest(end);
    return rest.empty() || rest == "%" || rest.rfind(" (", 0) == 0;
}

// Display width in terminal cells: count UTF-8 code points, not bytes.
std::size_t width(const std::string& s) {
    std::size_t w = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++w;
    return w;
}

}  // namespace

TextTable::TextTable(std::vector<std::string> header) : header_(std::move(header)) {}

void TextTable::add_row(std::vector<std::string> cells) {
    if (cells.size() != header_.size())
        throw std::invalid_argument("TextTable::add_row: " + std::to_string(cells.size()) +
                                    " cells for " + std::to_string(header_.size()) + " columns");
    rows_.push_back(std::move(cells));
}

std::string TextTable::render() const {
    std::vector<std::size_t> w(header_.size());
    std::vector<bool> right(header_.size(), true);
    for (std::size_t c = 0; c < header_.size(); ++c) {
        w[c] = width(header_[c]);
        for (const auto& r : rows_) {
            w[c] = std::max(w[c], width(r[c]));
            if (!numeric(r[c])) right[c] = false;
        }
        if (rows_.empty()) right[c] = false;
    }
    std::string out;
    auto line = [&](const std::vector<std::string>& cells) {
        std::string l;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const std::string pad(w[c] - width(cells[c]), ' ');
            if (c) l += "  ";
            l += right[c] ? pad + cells[c] : cells[c] + pad;
        }
        while (!l.empty() && l.back() == ' ') l.pop_back();
        out += l + "\n";
    };
    line(header_);
    std::string rule;
    for (std::size_t c = 0; c < w.size(); ++c) {
        if (c) rule += "  ";
        rule += std::string(w[c], '-');
    }
    out += rule + "\n";
    for (const auto& r : rows_) line(r);
    return out;
}

}  // namespace a2iot::analysis
