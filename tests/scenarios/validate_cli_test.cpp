// `a2iot validate` as a user runs it: exit codes, "ok FILE" lines, errors on stderr. It spawns
// the a2iot binary of this build tree (test_scenarios does not depend on it: build `a2iot`
// first; the tests are skipped, visibly, when it is absent).
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_files.hpp"

using a2iot::scenarios::testing::scratch_dir;
using a2iot::scenarios::testing::source_path;
using a2iot::scenarios::testing::write_scenario;

namespace {

struct Result {
    int rc = -1;
    std::string out, err;
};

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Result run_validate(const std::string& args) {
    const auto out = scratch_dir() / "stdout.txt";
    const auto err = scratch_dir() / "stderr.txt";
    const std::string cmd = std::string("cd '") + A2IOT_SOURCE_DIR + "' && '" + A2IOT_BIN +
                            "' validate " + args + " >'" + out.string() + "' 2>'" + err.string() +
                            "'";
    const int status = std::system(cmd.c_str());
    Result r;
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

class ValidateCli : public ::testing::Test {
  protected:
    void SetUp() override {
        // Every test executable depends on the a2iot target, so a missing binary is a failure.
        ASSERT_TRUE(std::filesystem::exists(A2IOT_BIN)) << A2IOT_BIN << " is not built";
    }
};

}  // namespace

TEST_F(ValidateCli, GoodFilesPrintOkAndExitZero) {
    const Result r =
        run_validate("scenarios/factory-inspection.yaml tests/data/good-scenarios/full.yaml");
    EXPECT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out,
              "ok scenarios/factory-inspection.yaml\nok tests/data/good-scenarios/full.yaml\n");
    EXPECT_EQ(r.err, "");
}

TEST_F(ValidateCli, EveryErrorOfEveryFileAndExitTwo) {
    const Result r = run_validate(
        "tests/data/bad-scenarios/zero-rate.yaml scenarios/factory-inspection.yaml "
        "tests/data/bad-scenarios/unknown-device-key.yaml");
    EXPECT_EQ(r.rc, 2);
    EXPECT_EQ(r.out, "ok scenarios/factory-inspection.yaml\n");
    EXPECT_EQ(
        r.err,
        "tests/data/bad-scenarios/zero-rate.yaml:11: workload.0.rate: got '0/s', expected a "
        "positive value: a rate such as 2/s (per /ms, /s, /min or /h)\n"
        "tests/data/bad-scenarios/unknown-device-key.yaml:6: devices.cam.type: got '', "
        "expected a device type from the catalog (see `a2iot devices`) (this key is "
        "required)\n"
        "tests/data/bad-scenarios/unknown-device-key.yaml:7: devices.cam.typ: got 'typ', "
        "expected a known key, one of id, type, count, battery, dvfs, power, queue_limit (did "
        "you mean 'type'?)\n");
}

TEST_F(ValidateCli, UnknownPolicyNamesAreErrors) {
    // A policy written by --set is the command line's error, not the `policy:` line's.
    const Result r = run_validate("scenarios/factory-inspection.yaml --set policy=no-such-policy");
    EXPECT_EQ(r.rc, 2);
    EXPECT_EQ(r.err.rfind("--set policy=no-such-policy: policy: got 'no-such-policy', expected a "
                          "registered policy: ",
                          0),
              0u)
        << r.err;
    // Written in the file, it points at the `policy:` line, wherever the comments put it.
    std::ifstream in(source_path("scenarios/factory-inspection.yaml"));
    std::string text, file;
    int policy_line = 0;
    for (int n = 1; std::getline(in, text); ++n) {
        if (text.rfind("policy:", 0) == 0) {
            policy_line = n;
            text = "policy: no-such-policy";
        }
        file += text + "\n";
    }
    ASSERT_GT(policy_line, 0);
    const std::string copy = (scratch_dir() / "factory-bad-policy.yaml").string();
    std::ofstream(copy) << file;
    const Result f = run_validate(copy);
    EXPECT_NE(f.err.find("factory-bad-policy.yaml:" + std::to_string(policy_line) +
                         ": policy: got 'no-such-policy', expected a registered policy: "),
              std::string::npos)
        << f.err;
    EXPECT_NE(r.err.find("local"), std::string::npos);
    // Sweep values naming a policy are checked too, at their own line.
    const Result s = run_validate("tests/data/good-scenarios/full.yaml --set sweep.policy.1=nope");
    EXPECT_EQ(s.rc, 2);
    EXPECT_NE(s.err.find("full.yaml:56: sweep.policy.1: got 'nope'"), std::string::npos) << s.err;
}

TEST_F(ValidateCli, UsageErrorsExitTwo) {
    EXPECT_EQ(run_validate("").rc, 2);
    const Result help = run_validate("--help");
    EXPECT_EQ(help.rc, 0);
    EXPECT_NE(help.out.find("--set"), std::string::npos);
}
