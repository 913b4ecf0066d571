#pragma once
// One typo suggester for scenario keys, policy names, subcommands and catalog ids, so that every
// "did you mean" in a2iot agrees on what counts as a typo.
#include <string>
#include <vector>

namespace a2iot::common {

// " (did you mean 'x'?)" for the candidate within a typo's distance of `word` (Levenshtein: at
// most 1 edit for words of 4 characters or less, 2 otherwise), else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace a2iot::common
