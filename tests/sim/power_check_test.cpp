// power_errors: a battery-powered device whose CPU or used radio power is unknown in the catalog
// and not given by a `power:` override is rejected, naming file:line, the device, the figure and
// the fix; the new scenario keys (power, queue_limit, timeout) parse with the unit parser.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "devices/catalog.hpp"
#include "scenarios/loader.hpp"
#include "sim/power_check.hpp"

namespace a2iot::sim {
namespace {

std::string write(const std::string& name, const std::string& text) {
    const auto dir = std::filesystem::path(A2IOT_BINARY_DIR) / "test-sim-dbs";
    std::filesystem::create_directories(dir);
    const auto p = (dir / name).string();
    std::ofstream(p) << text;
    return p;
}

const char* kHead = R"(name: power
duration: 10s
devices:
  - {id: cloud, type: cloud-server}
)";
const char* kTail = R"(links:
  - {from: phone, to: cloud, bandwidth: 20Mbps, latency: 20ms, kind: wifi}
models:
  - {name: task, synthetic: {flops: 1e9, input: 10kB, output: 1kB}}
workload:
  - {devices: phone, model: task, arrival: periodic, rate: 1/s, timeout: 1.5s}
policy: local
)";

TEST(PowerCheck, UnknownPowerOfABatteryDeviceIsRejectedWithTheFix) {
    const std::string path =
        write("power-unknown.yaml",
              std::string(kHead) +
                  "  - {id: phone, type: jetson-nano, count: 3, battery: {capacity: 5000mAh, "
                  "voltage: 3.7V}}\n" +
                  kTail);
    const auto spec = scenarios::load(path);
    const auto errors = power_errors(spec, devices::Catalog::builtin());
    ASSERT_EQ(errors.size(), 1u) << "a group is reported once";
    const std::string msg = errors[0].what();
    EXPECT_EQ(errors[0].file(), path);
    EXPECT_EQ(errors[0].line(), 5);
    EXPECT_EQ(errors[0].key(), "devices.phone.power");
    // The Jetson Nano's idle power and any WiFi figure are unknown in the catalog.
    for (const char* part : {"jetson-nano", "idle CPU power", "wifi tx power",
                             "wifi rx power", "power: {idle: ..W, wifi_tx: ..W, wifi_rx: ..W}"})
        EXPECT_NE(msg.find(part), std::string::npos) << part << " in " << msg;
}

TEST(PowerCheck, OverrideOrKnownCatalogFiguresPass) {
    const auto over = scenarios::load(
        write("power-override.yaml",
              std::string(kHead) +
                  "  - {id: phone, type: redmi-7a, power: {busy: 2.5W, idle: 300mW, wifi_tx: 1.2W, "
                  "wifi_rx: 1W}, queue_limit: 8}\n" +
                  kTail));
    EXPECT_TRUE(power_errors(over, devices::Catalog::builtin()).empty());
    const auto& p = over.find_device("phone")->power;
    EXPECT_EQ(*p.idle_w, 0.3);
    EXPECT_EQ(p.radio_rx_w.at("wifi"), 1.0);
    EXPECT_EQ(*over.find_device("phone")->queue_limit, 8);
    EXPECT_EQ(over.workloads[0].timeout_s, 1.5);
    // Only the used radio matters: the Redmi Note 8's WiFi and CPU figures are in the catalog.
    const auto known = scenarios::load(write(
        "power-known.yaml", std::string(kHead) + "  - {id: phone, type: redmi-note-8}\n" + kTail));
    EXPECT_TRUE(power_errors(known, devices::Catalog::builtin()).empty());
    EXPECT_EQ(*known.find_device("phone")->queue_limit, scenarios::kDefaultQueueLimit);
    // A partial override still names what is missing (the catalog has no Pi 4 WiFi figure).
    const auto partial = scenarios::load(
        write("power-partial.yaml",
              std::string(kHead) +
                  "  - {id: phone, type: raspberry-pi-4, battery: {capacity: 5000mAh, voltage: "
                  "3.7V}, power: {busy: 6W, idle: 2W}}\n" +
                  kTail));
    const auto errors = power_errors(partial, devices::Catalog::builtin());
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(std::string(errors[0].what()).find("CPU power"), std::string::npos);
    EXPECT_NE(std::string(errors[0].what()).find("wifi tx power"), std::string::npos);
}

TEST(ScenarioKeys, DefaultTimeoutIsTenDeadlinesAtMostSixtySeconds) {
    auto timeout_of = [](const std::string& workload_extra) {
        std::string tail = kTail;
        tail.replace(tail.find(", timeout: 1.5s"), 15, workload_extra);
        return scenarios::load(
                   write("timeout-default.yaml",
                         std::string(kHead) + "  - {id: phone, type: redmi-note-8}\n" + tail))
            .workloads[0]
            .timeout_s;
    };
    EXPECT_EQ(timeout_of(", deadline: 300ms"), 10 * 0.3);
    EXPECT_EQ(timeout_of(", deadline: 20s"), scenarios::kDefaultTimeoutS);
    EXPECT_EQ(timeout_of(""), scenarios::kDefaultTimeoutS);
    EXPECT_EQ(timeout_of(", deadline: 300ms, timeout: 2min"), 120.0);
}

TEST(PowerCheck, MainsPoweredDevicesNeedNoFigures) {
    const auto spec = scenarios::load(
        write("power-mains.yaml",
              std::string(kHead) + "  - {id: phone, type: raspberry-pi-4}\n" + kTail));
    EXPECT_TRUE(power_errors(spec, devices::Catalog::builtin()).empty());
}

TEST(ScenarioKeys, BadPowerQueueAndTimeoutValuesAreInputErrors) {
    for (const std::string& dev :
         {"  - {id: phone, type: redmi-note-8, power: {busy: 2.5}}\n",
          "  - {id: phone, type: redmi-note-8, power: {wifi_up: 1W}}\n",
          "  - {id: phone, type: redmi-note-8, power: {busy: 1W, idle: 2W}}\n",
          "  - {id: phone, type: redmi-note-8, queue_limit: -1}\n",
          "  - {id: phone, type: redmi-note-8, queue_limit: lots}\n"}) {
        EXPECT_THROW(scenarios::load(write("bad-key.yaml", std::string(kHead) + dev + kTail)),
                     scenarios::ScenarioError)
            << dev;
    }
    std::string tail = kTail;
    tail.replace(tail.find("timeout: 1.5s"), 13, "timeout: 0s");
    EXPECT_THROW(
        scenarios::load(write("bad-timeout.yaml",
                              std::string(kHead) + "  - {id: phone, type: redmi-note-8}\n" + tail)),
        scenarios::ScenarioError);
}

}  // namespace
}  // namespace a2iot::sim
