// Robustness: thousands of damaged variants of a good scenario (lines dropped, duplicated,
// values replaced by odd tokens) must each either load or fail with a ScenarioError whose every
// message is one "file:line: " line. Anything else (another exception type, a crash) is a bug.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <vector>

#include "scenarios/loader.hpp"
#include "test_files.hpp"

using namespace a2iot::scenarios;
using a2iot::scenarios::testing::source_path;
using a2iot::scenarios::testing::write_scenario;

namespace {

std::vector<std::string> lines_of(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    std::string l;
    while (std::getline(in, l)) out.push_back(l);
    return out;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// Loads; returns false (and records a failure) on anything but success or a clean ScenarioError.
void expect_clean(const std::string& text, const std::string& what) {
    const std::string path = write_scenario(text, "mutant");
    static const std::regex prefix("^[^\\n]+:[0-9]+: [^\\n]*$");
    try {
        load(path);
    } catch (const ScenarioError& e) {
        ASSERT_FALSE(e.errors().empty()) << what;
        for (const auto& err : e.errors())
            EXPECT_TRUE(std::regex_match(std::string(err.what()), prefix)) << what << "\n"
                                                                           << err.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << what << ": unexpected " << typeid(e).name() << ": " << e.what();
    }
}

}  // namespace

TEST(Mutations, DamagedScenariosFailCleanly) {
    // Absolute trace path, so the copies in the scratch folder still find it.
    auto lines = lines_of(source_path("tests/data/good-scenarios/full.yaml"));
    for (auto& l : lines) {
        const auto at = l.find("traces/wifi-steps.trace");
        if (at != std::string::npos)
            l.replace(at, 23, source_path("tests/data/good-scenarios/traces/wifi-steps.trace"));
    }
    const std::vector<std::string> tokens{
        "",      "~",    "[]", "{}",       "-1", "0",      "nan",
        "1e999", "\"\"", "\t", "[1, [2]]", "&a", "{a: b}", "99999999999999999999",
        "x: y"};
    int variants = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto dropped = lines;
        dropped.erase(dropped.begin() + static_cast<long>(i));
        expect_clean(join(dropped), "drop line " + std::to_string(i + 1));
        auto doubled = lines;
        doubled.insert(doubled.begin() + static_cast<long>(i), lines[i]);
        expect_clean(join(doubled), "duplicate line " + std::to_string(i + 1));
        variants += 2;
        // Replace the value after the first ": " of the line by each odd token.
        const auto colon = lines[i].find(": ");
        if (colon == std::string::npos) continue;
        for (const auto& t : tokens) {
            auto changed = lines;
            changed[i] = lines[i].substr(0, colon + 2) + t;
            expect_clean(join(changed), "line " + std::to_string(i + 1) + " value '" + t + "'");
            ++variants;
        }
    }
    EXPECT_GT(variants, 500);
}
