#pragma once
// A plain-text table with aligned columns for terminal output: text left-aligned, numbers
// right-aligned (a cell is numeric when it starts with a number, optionally followed by "%" or a
// parenthesised note such as " (+5.0%)", or is one of the placeholders "-", "unknown",
// "unfinished").
#include <string>
#include <vector>

namespace a2iot::analysis {

class TextTable {
  public:
    explicit TextTable(std::vector<std::string> header);
    void add_row(std::vector<std::string> cells);  // throws std::invalid_argument on width
    std::string render() const;
    const std::vector<std::string>& header() const { return header_; }
    const std::vector<std::vector<std::string>>& rows() const { return rows_; }

  private:
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> rows_;
};

}  // namespace a2iot::analysis
