#include "analysis/plot_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace a2iot::analysis {

bool PlotData::add_row(const std::vector<Cell>& cells) {
    for (const auto& c : cells)
        if (const auto* v = std::get_if<double>(&c); v && !std::isfinite(*v)) {
            ++dropped_;
            return false;
        }
    std::string line;
    for (const auto& c : cells) {
        if (!line.empty()) line += ' ';
        if (const auto* v = std::get_if<double>(&c)) {
            line += fmt::format("{}", *v);
        } else {
            std::string s = std::get<std::string>(c);
            std::replace(s.begin(), s.end(), '"', '\'');
            std::replace(s.begin(), s.end(), '\n', ' ');
            line += "\"" + s + "\"";
        }
    }
    text_ += line + "\n";
    ++rows_;
    return true;
}

}  // namespace a2iot::analysis
