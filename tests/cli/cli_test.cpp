// The a2iot executable as users meet it: exit codes (0 ok, 1 check failed, 2 bad input or
// usage), --help on every subcommand, and the catalog/zoo listings the issues promise.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>
#include <regex>
#include <string>

namespace {

struct Result {
    int rc = -1;
    std::string out;
};

Result run(const std::string& args) {
    const std::string cmd = std::string(A2IOT_BIN) + " " + args + " 2>&1";
    Result r;
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
    if (!p) return r;
    std::array<char, 4096> buf{};
    while (fgets(buf.data(), buf.size(), p.get())) r.out += buf.data();
    const int st = pclose(p.release());
    r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

const char* kCommands[] = {"run",    "validate", "sweep",   "report",  "compare",
                           "export", "merge",    "regress", "devices", "models"};

TEST(Cli, HelpListsEverySubcommandAndExitsZero) {
    const auto r = run("--help");
    EXPECT_EQ(r.rc, 0) << r.out;
    for (const char* c : kCommands)
        EXPECT_TRUE(std::regex_search(r.out, std::regex(std::string("\\n +") + c + " ")))
            << c << " missing from\n"
            << r.out;
}

TEST(Cli, EverySubcommandHasHelp) {
    for (const char* c : kCommands) {
        const auto r = run(std::string(c) + " --help");
        EXPECT_EQ(r.rc, 0) << c << ":\n" << r.out;
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << c;
    }
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(run("").rc, 2);
    EXPECT_EQ(run("no-such-command").rc, 2);
    EXPECT_EQ(run("run").rc, 2);  // the scenario is required
    EXPECT_EQ(run("run --no-such-flag x.yaml").rc, 2);
    const auto missing = run("validate /nonexistent/scenario.yaml");
    EXPECT_EQ(missing.rc, 2);
    EXPECT_NE(missing.out.find("/nonexistent/scenario.yaml"), std::string::npos) << missing.out;
}

TEST(Cli, DevicesListShowsTheSurveyDevices) {
    const auto r = run("devices list");
    ASSERT_EQ(r.rc, 0) << r.out;
    for (const char* id : {"raspberry-pi-4", "dell-inspiron-13-7368", "edge-server", "cloud-server",
                           "redmi-note-8", "redmi-7a", "redmi-8a", "redmi-k30",
                           "huawei-changxiang-9-plus", "huawei-nova-5z", "sony-smartwatch-3",
                           "huawei-watch-2-pro", "xiaomi-watch", "huawei-band-b5", "xiaomi-band-4",
                           "jetson-nano"})
        EXPECT_NE(r.out.find(id), std::string::npos) << id;
    EXPECT_EQ(run("devices show no-such-device").rc, 2);
}

// The committed zoo: every model with its base and three L1-pruned variants, each with a
// measured accuracy (a percentage in the listing).
TEST(Cli, ModelsListShowsTheZooWithPrunedVariants) {
    const auto r = run("models list");
    ASSERT_EQ(r.rc, 0) << r.out;
    for (const char* m : {"lenet", "alexnet", "vgg16", "resnet18", "mobilenet_v2", "shufflenet_v2",
                          "googlenet"}) {
        const auto show = run(std::string("models show ") + m);
        ASSERT_EQ(show.rc, 0) << m << ":\n" << show.out;
        for (const char* v : {"base", "l1-25", "l1-50", "l1-75"})
            EXPECT_TRUE(std::regex_search(show.out, std::regex(std::string(v) + R"(\s.*\d+\.\d+ ?%)")))
                << m << " lacks a measured " << v << ":\n"
                << show.out;
    }
    EXPECT_EQ(run("models show no-such-model").rc, 2);
}

TEST(Cli, ModelsEvalRejectsUnknownModelsVariantsAndWeights) {
    const auto model = run("models eval no-such-model");
    EXPECT_EQ(model.rc, 2) << model.out;
    EXPECT_NE(model.out.find("no-such-model"), std::string::npos) << model.out;
    const auto variant = run("models eval lenet --variant l1-60");
    EXPECT_EQ(variant.rc, 2) << variant.out;
    EXPECT_NE(variant.out.find("l1-60"), std::string::npos) << variant.out;
    const auto weights = run("models eval lenet --weights /nonexistent/weights");
    EXPECT_EQ(weights.rc, 2) << weights.out;
    EXPECT_NE(weights.out.find("/nonexistent/weights/lenet/base.pt"), std::string::npos)
        << weights.out;
}

}  // namespace
