// docs/tutorial.md works as written: every ```sh block is run (in order, in one folder where
// scenarios/ is the repository's, with the build's a2iot first on PATH), and the ```cpp blocks of
// step 3 (each starting with "// FILE: path") are compiled against the project headers.
#include <gtest/gtest.h>

#include <vector>

#include "tests/workflow/workflow_util.hpp"

namespace a2iot::workflow_test {
namespace {

struct Block {
    std::string lang;
    std::string text;
};

std::vector<Block> fenced_blocks(const std::string& md) {
    std::vector<Block> out;
    std::istringstream in(md);
    std::string line;
    Block* open = nullptr;
    while (std::getline(in, line)) {
        if (line.rfind("```", 0) == 0) {
            if (open) {
                open = nullptr;
            } else {
                out.push_back({line.substr(3), ""});
                open = &out.back();
            }
        } else if (open) {
            open->text += line + "\n";
        }
    }
    return out;
}

const std::string kTutorial = src("docs/tutorial.md");

TEST(Tutorial, HasTheThreeStepsAndRunnableBlocks) {
    const auto blocks = fenced_blocks(read_text(kTutorial));
    int sh_blocks = 0, cpp_blocks = 0;
    for (const auto& b : blocks) {
        sh_blocks += b.lang == "sh";
        cpp_blocks += b.lang == "cpp";
    }
    EXPECT_GE(sh_blocks, 4);
    EXPECT_EQ(cpp_blocks, 2);
}

TEST(Tutorial, ShellCommandsWorkAsWritten) {
    TempDir t;
    fs::create_directory_symlink(src("scenarios"), t.path() / "scenarios");
    const std::string bin_dir = fs::path(A2IOT_BIN).parent_path().string();
    int n = 0;
    for (const auto& b : fenced_blocks(read_text(kTutorial))) {
        if (b.lang != "sh") continue;
        const auto script = t.file("block-" + std::to_string(n++) + ".sh");
        write_text(script, "set -eu\n" + b.text);
        const auto r = sh("cd " + quote(t.path().string()) + " && PATH=" + quote(bin_dir) +
                          ":\"$PATH\" bash " + quote(script));
        ASSERT_EQ(r.rc, 0) << "tutorial block failed:\n" << b.text << "\noutput:\n" << r.out;
    }
    // What the blocks promise to have made.
    EXPECT_EQ(query_int(t.file("tutorial.db"), "SELECT count(*) FROM runs WHERE status='complete'"),
              4);
    EXPECT_NE(read_text(t.file("tutorial.html")).find("<svg"), std::string::npos);
    EXPECT_NE(read_text(t.file("runs.csv")).find("neurosurgeon"), std::string::npos);
}

TEST(Tutorial, PolicyCodeCompiles) {
    TempDir t;
    std::vector<std::string> sources;
    for (const auto& b : fenced_blocks(read_text(kTutorial))) {
        if (b.lang != "cpp") continue;
        const std::string marker = "// FILE: ";
        ASSERT_EQ(b.text.rfind(marker, 0), 0u) << b.text;
        const std::string rel = b.text.substr(marker.size(), b.text.find('\n') - marker.size());
        // The tutorial's files must not exist in the tree already (they are the student's).
        EXPECT_FALSE(fs::exists(src(rel))) << rel;
        fs::create_directories((t.path() / rel).parent_path());
        write_text(t.file(rel), b.text);
        if (rel.size() > 4 && rel.substr(rel.size() - 4) == ".cpp") sources.push_back(t.file(rel));
    }
    ASSERT_EQ(sources.size(), 1u);
    const auto r =
        sh("c++ -std=c++20 -Wall -Wextra -Werror -fsyntax-only -I " + quote(t.path().string()) +
           " -I " + quote(A2IOT_SOURCE_DIR) + " " + quote(sources[0]));
    EXPECT_EQ(r.rc, 0) << r.out;
}

}  // namespace
}  // namespace a2iot::workflow_test
