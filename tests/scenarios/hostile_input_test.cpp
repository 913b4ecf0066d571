// Inputs that used to hang the loader or exhaust the machine, and errors that blamed the wrong
// place. Each test would hang, crash or fail on the code before the fix.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/loader.hpp"
#include "test_files.hpp"

using namespace a2iot::scenarios;
using a2iot::scenarios::testing::scratch_dir;
using a2iot::scenarios::testing::source_path;
using a2iot::scenarios::testing::write_scenario;

namespace {

const std::string kFull = source_path("tests/data/good-scenarios/full.yaml");

std::vector<std::string> errors_of_text(const std::string& text,
                                        const std::vector<std::string>& overrides = {}) {
    try {
        load_text(text, "t.yaml", overrides);
    } catch (const ScenarioError& e) {
        std::vector<std::string> out;
        for (const auto& err : e.errors()) out.push_back(err.what());
        return out;
    }
    ADD_FAILURE() << "loaded without error: " << text;
    return {};
}

std::vector<std::string> errors_of(const std::string& path,
                                   const std::vector<std::string>& overrides = {}) {
    try {
        load(path, overrides);
    } catch (const ScenarioError& e) {
        std::vector<std::string> out;
        for (const auto& err : e.errors()) out.push_back(err.what());
        return out;
    }
    ADD_FAILURE() << path << " loaded without error";
    return {};
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += s + "\n";
    return out;
}

// yaml-cpp 0.7's LoadAll loops on these until memory runs out (upstream bug #1040).
TEST(HostileInput, StrayCommaAfterAFlowCollectionEndsAtOnce) {
    for (const std::string text : {"{a: b},", "[a, b],", "{name: x, duration: 1s},\n"}) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto errors = errors_of_text(text);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        EXPECT_LT(s, 2.0) << text;
        ASSERT_EQ(errors.size(), 1u) << joined(errors);
        EXPECT_NE(errors[0].find("t.yaml:1:"), std::string::npos) << errors[0];
        EXPECT_NE(errors[0].find("unexpected text at column"), std::string::npos) << errors[0];
    }
}

TEST(HostileInput, TwoDocumentsAreStillNamedAsSuch) {
    const auto errors = errors_of_text("name: a\n---\nname: b\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("t.yaml:2:"), std::string::npos) << errors[0];
    EXPECT_NE(errors[0].find("one YAML document"), std::string::npos) << errors[0];
}

TEST(HostileInput, AFifoIsRefusedWithoutWaitingForAWriter) {
    const auto fifo = (scratch_dir() / "scenario.fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto errors = errors_of(fifo);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("a regular scenario file (this is a FIFO)"), std::string::npos)
        << errors[0];
}

TEST(HostileInput, ADeviceFileIsRefused) {
    const auto errors = errors_of("/dev/zero");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("character device"), std::string::npos) << errors[0];
}

TEST(HostileInput, AFolderIsRefused) {
    const auto errors = errors_of(scratch_dir().string());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("this is a folder"), std::string::npos) << errors[0];
}

// An error in a --set value is the command line's: the file line it replaced says nothing.
TEST(Blame, ASetValueIsBlamedOnTheCommandLine) {
    const auto errors = errors_of(kFull, {"workload.0.rate=abc"});
    ASSERT_EQ(errors.size(), 1u) << joined(errors);
    EXPECT_EQ(errors[0].rfind("--set workload.0.rate=abc: workload.0.rate: got 'abc'", 0), 0u)
        << errors[0];
}

TEST(Blame, AKeyCreatedBySetHasNoZeroLine) {
    const auto errors = errors_of(kFull, {"colour=red"});
    ASSERT_EQ(errors.size(), 1u) << joined(errors);
    EXPECT_EQ(errors[0].find(":0"), std::string::npos) << errors[0];
    EXPECT_EQ(errors[0].rfind("--set colour=red: colour:", 0), 0u) << errors[0];
}

// A --set through a key the file lacks creates it as a map; the error about that map is still
// the command line's, not a file without a line.
TEST(Blame, ANodeCreatedOnTheWayIsBlamedOnTheSet) {
    const std::string path = write_scenario(R"(name: nv
duration: 10s
devices: [{id: a, type: raspberry-pi-4}]
models: [{name: lenet}]
)");
    const auto errors = errors_of(path, {"models.0.variants.0=admm-99"});
    ASSERT_EQ(errors.size(), 1u) << joined(errors);
    EXPECT_EQ(errors[0].rfind("--set models.0.variants.0=admm-99: models.lenet.variants:", 0), 0u)
        << errors[0];
}

TEST(Blame, IndexErrorsGiveTheRealRange) {
    const std::string one = write_scenario(R"(name: one
duration: 10s
devices: [{id: a, type: raspberry-pi-4}]
models: [{name: lenet}]
workload: [{devices: a, model: lenet, rate: 1/s}]
)");
    const auto errors = errors_of(one, {"workload.5.rate=1/s"});
    ASSERT_EQ(errors.size(), 1u) << joined(errors);
    EXPECT_NE(errors[0].find("index 0 of 'workload'"), std::string::npos) << errors[0];
    EXPECT_EQ(errors[0].find("0..1"), std::string::npos) << errors[0];
}

TEST(Blame, ADurationFromSetThatCutsEventsSaysSo) {
    const auto errors = errors_of(kFull, {"duration=10s"});
    ASSERT_FALSE(errors.empty());
    for (const auto& e : errors)
        EXPECT_NE(e.find("the duration comes from --set duration=10s"), std::string::npos) << e;
}

// Replications of one configuration share its hash; the seed is stored beside it.
TEST(Hash, TheSeedIsNotPartOfTheConfigurationHash) {
    const auto a = load(kFull, {"seed=1"});
    const auto b = load(kFull, {"seed=2"});
    const auto c = load(kFull, {"workload.0.rate=1/s"});
    EXPECT_EQ(a.hash, b.hash);
    EXPECT_NE(a.hash, c.hash);
    EXPECT_TRUE(a.overrides.empty());
    EXPECT_EQ(c.overrides, std::vector<std::string>{"workload.0.rate=1/s"});
    EXPECT_EQ(b.seed, 2u);
    // A sweep over the policy compares policies on one configuration, as run --policy does.
    const auto d = load(kFull, {"policy=local"});
    EXPECT_EQ(d.hash, load(kFull).hash);
    EXPECT_TRUE(d.overrides.empty());
    EXPECT_EQ(d.policy.name, "local");
}

std::string many_links(int n) {
    std::string text =
        "name: many-links\nduration: 10s\ndevices:\n  - {id: edge, type: edge-server}\n";
    text += "  - {id: t, type: raspberry-pi-4, count: " + std::to_string(n) + "}\nlinks:\n";
    for (int i = 0; i < n; ++i)
        text += "  - {from: t-" + std::to_string(i) + ", to: edge, bandwidth: 10Mbps}\n";
    return text;
}

double seconds_to_load(const std::string& text) {
    double best = 1e9;
    for (int k = 0; k < 2; ++k) {  // the faster of two: a busy machine slows one, not both
        const auto t0 = std::chrono::steady_clock::now();
        load_text(text, "links.yaml");
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

// Validation is linear in the scenario: 4x the links must cost about 4x, not 16x (the pairwise
// duplicate-link check made 40k links take 11 s).
TEST(HostileInput, ValidationIsLinearInTheNumberOfLinks) {
    const double small = seconds_to_load(many_links(5000));
    const double large = seconds_to_load(many_links(20000));
    EXPECT_LT(large / small, 8.0) << small << " s for 5k links, " << large << " s for 20k";
}

TEST(HostileInput, GroupToGroupLinksAreBounded) {
    const auto errors = errors_of_text(R"(name: pairs
duration: 10s
devices:
  - {id: a, type: raspberry-pi-4, count: 5000}
  - {id: b, type: raspberry-pi-4, count: 5000}
links: [{from: a, to: b, bandwidth: 1Mbps}]
)");
    ASSERT_EQ(errors.size(), 1u) << joined(errors);
    EXPECT_NE(errors[0].find("at most 20000000 device pairs"), std::string::npos) << errors[0];
}

}  // namespace

namespace {

// /proc files report themselves as regular files of size 0; /proc/kmsg then blocks until the
// kernel logs something (and reading it consumes the log). A trace there must be refused.
TEST(HostileInput, ATraceOnProcIsRefusedWithoutReadingIt) {
    for (const char* trace :
         {"/proc/kmsg", "/proc/self/status", "/sys/kernel/mm/transparent_hugepage/enabled"}) {
        if (!std::filesystem::exists(trace)) continue;
        const auto t0 = std::chrono::steady_clock::now();
        const auto errors = errors_of_text(std::string(R"(name: x
duration: 10s
devices:
  - {id: a, type: raspberry-pi-4}
  - {id: b, type: cloud-server}
links:
  - {from: a, to: b, trace: )") + trace + "}\n");
        EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                  2.0);
        ASSERT_EQ(errors.size(), 1u) << joined(errors);
        EXPECT_NE(errors[0].find("not a regular file"), std::string::npos) << errors[0];
    }
}

TEST(HostileInput, AFifoTraceIsRefused) {
    const auto fifo = (scratch_dir() / "trace.fifo").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto errors = errors_of_text(R"(name: x
duration: 10s
devices:
  - {id: a, type: raspberry-pi-4}
  - {id: b, type: cloud-server}
links:
  - {from: a, to: b, trace: )" + fifo + "}\n");
    ASSERT_EQ(errors.size(), 1u) << joined(errors);
    EXPECT_NE(errors[0].find("FIFO"), std::string::npos) << errors[0];
}

}  // namespace
