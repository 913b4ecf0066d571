#pragma once
// RFC 4180 CSV cells: a field is quoted when it holds a comma, a double quote, CR or LF (or
// leading/trailing spaces, which some readers strip), and quotes inside are doubled.
#include <string>
#include <string_view>
#include <vector>

namespace a2iot::analysis {

std::string csv_escape(std::string_view field);
// One record: fields escaped and joined by commas, ended by "\n" (which pandas, R and sqlite3
// all read); CR/LF inside quoted fields is kept as is.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace a2iot::analysis
