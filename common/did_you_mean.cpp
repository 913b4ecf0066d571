#include "common/did_you_mean.hpp"

#include <algorithm>

namespace a2iot::common {

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    // Optimal string alignment distance: Levenshtein plus the swap of two neighbours, the most
    // common typo ("rnu" for "run"), as one edit.
    auto distance = [](const std::string& a, const std::string& b) {
        std::vector<std::vector<std::size_t>> d(a.size() + 1,
                                                std::vector<std::size_t>(b.size() + 1));
        for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
        for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
        for (std::size_t i = 1; i <= a.size(); ++i)
            for (std::size_t j = 1; j <= b.size(); ++j) {
                d[i][j] = std::min(
                    {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        return d[a.size()][b.size()];
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
