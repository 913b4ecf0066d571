#include "common/did_you_mean.hpp"

#include <algorithm>

namespace a2iot::common {

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    auto distance = [](const std::string& a, const std::string& b) {
        std::vector<std::size_t> row(b.size() + 1);
        for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i) {
            std::size_t diag = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= b.size(); ++j) {
                const std::size_t up = row[j];
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
                diag = up;
            }
        }
        return row[b.size()];
    };
    // A typo is at most 2 edits away, and shorter words need fewer: "edge" is not a typo of
    // "dads".
    const std::size_t limit = word.size() <= 4 ? 1 : 2;
    const std::string* best = nullptr;
    std::size_t best_d = limit + 1;
    for (const auto& c : candidates) {
        const std::size_t d = distance(word, c);
        if (d < best_d) {
            best_d = d;
            best = &c;
        }
    }
    return best ? " (did you mean '" + *best + "'?)" : "";
}

}  // namespace a2iot::common
