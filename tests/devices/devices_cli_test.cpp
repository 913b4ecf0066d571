// Runs the real `a2iot devices` subcommand. The binary is a separate target, so the test skips
// (rather than fails) in a build tree where it has not been built.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "devices/catalog.hpp"

namespace a2iot::devices {
namespace {

struct CliResult {
    int rc;
    std::string out;  // stdout and stderr together
};

CliResult run(const std::string& args) {
    const std::string cmd = std::string(A2IOT_BIN) + " " + args + " 2>&1";
    CliResult r{-1, {}};
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

class DevicesCli : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(std::filesystem::exists(A2IOT_BIN)) << "a2iot not built: " << A2IOT_BIN;
    }
};

TEST_F(DevicesCli, ListShowsEveryTypeAndIsTheDefault) {
    const CliResult list = run("devices list");
    ASSERT_EQ(list.rc, 0) << list.out;
    for (const auto& id : Catalog::builtin().ids())
        EXPECT_NE(list.out.find(id), std::string::npos) << id;
    EXPECT_NE(list.out.find("top GFLOP/s"), std::string::npos);
    EXPECT_NE(list.out.find("384 KiB"), std::string::npos);  // the bracelet's RAM is visible
    const CliResult bare = run("devices");
    EXPECT_EQ(bare.rc, 0);
    EXPECT_EQ(bare.out, list.out);
}

TEST_F(DevicesCli, ShowPrintsFiguresWithSourcesAndUnknowns) {
    const CliResult pi = run("devices show raspberry-pi-4");
    ASSERT_EQ(pi.rc, 0) << pi.out;
    EXPECT_NE(pi.out.find("15.39 GFLOP/s"), std::string::npos) << pi.out;
    EXPECT_NE(pi.out.find("busy 6.4 W, idle 2.7 W"), std::string::npos) << pi.out;
    EXPECT_NE(pi.out.find("source: "), std::string::npos);
    const CliResult band = run("devices show xiaomi-band-4");
    ASSERT_EQ(band.rc, 0) << band.out;
    EXPECT_NE(band.out.find("CNN throughput unknown"), std::string::npos) << band.out;
    EXPECT_NE(band.out.find("135 mAh at 3.7 V = 1798.2 J"), std::string::npos) << band.out;
}

TEST_F(DevicesCli, UnknownTypeExitsTwoAndListsCloseIds) {
    const CliResult r = run("devices show raspberry-pi-3");
    EXPECT_EQ(r.rc, 2);
    EXPECT_NE(r.out.find("raspberry-pi-3"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("raspberry-pi-4"), std::string::npos) << r.out;
}

TEST_F(DevicesCli, MissingTypeIsAUsageError) {
    EXPECT_EQ(run("devices show").rc, 2);
    EXPECT_EQ(run("devices --help").rc, 0);
}

}  // namespace
}  // namespace a2iot::devices
