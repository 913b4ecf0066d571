// Every file under tests/data/bad-scenarios/ is a malformed scenario whose first lines say what
// the loader must answer:
//   # expect: <a fragment of one error message>
//   # line: <the 1-based line of that error>        (optional)
//   # file: <the file of that error, if not the scenario itself, e.g. a trace>   (optional)
//   # errors: <how many errors the file reports in all>   (optional; 1 says that the mistake
//             causes no follow-on errors where the broken entry is used)
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"

namespace fs = std::filesystem;
using a2iot::scenarios::load;
using a2iot::scenarios::ScenarioError;

namespace {

const fs::path kBadDir = fs::path(A2IOT_SOURCE_DIR) / "tests/data/bad-scenarios";

struct Expectation {
    std::string fragment;
    int line = -1;
    std::string file;
    int errors = -1;
};

Expectation read_header(const fs::path& path) {
    Expectation e;
    std::ifstream in(path);
    std::string text;
    while (std::getline(in, text) && text.rfind("# ", 0) == 0) {
        auto take = [&](const std::string& tag, std::string& out) {
            if (text.rfind(tag, 0) == 0) out = text.substr(tag.size());
        };
        std::string line;
        std::string errors;
        take("# expect: ", e.fragment);
        take("# line: ", line);
        take("# file: ", e.file);
        take("# errors: ", errors);
        if (!line.empty()) e.line = std::stoi(line);
        if (!errors.empty()) e.errors = std::stoi(errors);
    }
    return e;
}

std::vector<fs::path> bad_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(kBadDir))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string regex_escape(const std::string& s) {
    static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
    return std::regex_replace(s, special, R"(\$&)");
}

}  // namespace

TEST(BadScenarios, ThereAreAtLeastThirty) {
    EXPECT_GE(bad_files().size(), 30u);
}

TEST(BadScenarios, EachIsRejectedWithItsMessageAndLine) {
    for (const auto& path : bad_files()) {
        SCOPED_TRACE(path.filename().string());
        const Expectation want = read_header(path);
        ASSERT_FALSE(want.fragment.empty()) << "no '# expect:' line";
        const std::string file = path.string();
        const std::string want_file = want.file.empty() ? file : (kBadDir / want.file).string();
        try {
            load(file);
            ADD_FAILURE() << "loaded without error";
        } catch (const ScenarioError& e) {
            ASSERT_FALSE(e.errors().empty());
            bool found = false;
            for (const auto& err : e.errors()) {
                const std::string msg = err.what();
                // Every error is one line that starts with file:line: (the scenario or a file
                // it references, such as a trace).
                EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
                const std::regex prefix("^(" + regex_escape(file) + "|" + regex_escape(want_file) +
                                        "):[0-9]+: ");
                EXPECT_TRUE(std::regex_search(msg, prefix)) << msg;
                if (msg.find(want.fragment) == std::string::npos) continue;
                found = true;
                EXPECT_EQ(err.file(), want_file) << msg;
                if (want.line >= 0) {
                    EXPECT_EQ(err.line(), want.line) << msg;
                }
            }
            EXPECT_TRUE(found) << "no error contains '" << want.fragment << "'; got:\n" << e.what();
            if (want.errors >= 0) {
                const auto want_errors = static_cast<std::size_t>(want.errors);
                EXPECT_EQ(e.errors().size(), want_errors) << "got:\n" << e.what();
            }
        }
    }
}
