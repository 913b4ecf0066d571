#pragma once
// The rows of one gnuplot data file. It is the only way report data reaches gnuplot
// (GnuplotRenderer::write_data takes nothing else), and it drops every row that holds a
// non-finite number: gnuplot reads "inf" or "nan" as a value and then fails on a range or draws
// a line to the edge of the plot. dropped() says how many rows went, so the page can say so.
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace a2iot::analysis {

class PlotData {
  public:
    // A number, or a text column (written double-quoted, with " and newlines replaced).
    using Cell = std::variant<double, std::string>;

    // Returns false (and keeps nothing) when a number in the row is inf or nan.
    bool add_row(const std::vector<Cell>& cells);

    const std::string& text() const { return text_; }
    std::size_t rows() const { return rows_; }
    std::size_t dropped() const { return dropped_; }
    bool empty() const { return rows_ == 0; }

  private:
    std::string text_;
    std::size_t rows_ = 0;
    std::size_t dropped_ = 0;
};

}  // namespace a2iot::analysis
