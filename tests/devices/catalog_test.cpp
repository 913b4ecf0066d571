#include "devices/catalog.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "common/input_error.hpp"

namespace a2iot::devices {
namespace {

const Catalog& cat() {
    return Catalog::builtin();
}

TEST(Catalog, LoadsAtLeastSixteenTypes) {
    EXPECT_GE(cat().all().size(), 16u);
}

TEST(Catalog, HasTheFixedIdsAndAllElevenSurveyDevices) {
    for (const char* id : {"raspberry-pi-4", "dell-inspiron-13-7368", "jetson-nano", "edge-server",
                           "cloud-server", "redmi-7a", "redmi-8a", "redmi-note-8", "redmi-k30",
                           "huawei-changxiang-9-plus", "huawei-nova-5z", "sony-smartwatch-3",
                           "huawei-watch-2-pro", "xiaomi-watch", "huawei-band-b5", "xiaomi-band-4"})
        EXPECT_NE(cat().find(id), nullptr) << id;
    EXPECT_EQ(cat().find("no-such-device"), nullptr);
}

TEST(Catalog, EmbeddedTextIsTheYamlFileInTheSourceTree) {
    // The library must carry the catalog as it is in the repository, not a stale copy.
    std::ifstream in(std::string(A2IOT_SOURCE_DIR) + "/devices/catalog.yaml");
    ASSERT_TRUE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(Catalog::builtin_yaml(), ss.str());
}

TEST(Catalog, SurveyFactsMatchTheSurveyTable) {
    struct Fact {
        const char* id;
        DeviceClass cls;
        double memory_bytes;
        double mah;
    };
    const double GB = 1e9, MiB = 1048576.0, KiB = 1024.0;
    const Fact facts[] = {
        {"redmi-7a", DeviceClass::Phone, 2 * GB, 4000},
        {"redmi-8a", DeviceClass::Phone, 3 * GB, 5000},
        {"redmi-note-8", DeviceClass::Phone, 4 * GB, 4000},
        {"redmi-k30", DeviceClass::Phone, 6 * GB, 6400},
        {"huawei-changxiang-9-plus", DeviceClass::Phone, 4 * GB, 4000},
        {"huawei-nova-5z", DeviceClass::Phone, 6 * GB, 4000},
        {"sony-smartwatch-3", DeviceClass::Watch, 512 * MiB, 420},
        {"huawei-watch-2-pro", DeviceClass::Watch, 768 * MiB, 420},
        {"xiaomi-watch", DeviceClass::Watch, 1024 * MiB, 570},
        {"huawei-band-b5", DeviceClass::Bracelet, 384 * KiB, 108},
        {"xiaomi-band-4", DeviceClass::Bracelet, 512 * KiB, 135},
    };
    for (const auto& f : facts) {
        const DeviceType* d = cat().find(f.id);
        ASSERT_NE(d, nullptr) << f.id;
        EXPECT_EQ(d->device_class, f.cls) << f.id;
        EXPECT_DOUBLE_EQ(d->memory_bytes, f.memory_bytes) << f.id;
        ASSERT_TRUE(d->battery_powered()) << f.id;
        EXPECT_NEAR(d->battery->capacity_mah, f.mah, 1e-9) << f.id;
    }
}

TEST(Catalog, EveryNumberHasANonEmptySource) {
    for (const auto& d : cat().all()) {
        EXPECT_FALSE(d.name.empty()) << d.id;
        EXPECT_FALSE(d.processor.empty()) << d.id;
        EXPECT_FALSE(d.memory_source.empty()) << d.id;
        EXPECT_FALSE(d.cores_source.empty()) << d.id;
        for (const auto& p : d.pstates) EXPECT_FALSE(p.source.empty()) << d.id;
        for (const auto& r : d.radios) EXPECT_FALSE(r.source.empty()) << d.id;
        if (d.battery) {
            EXPECT_FALSE(d.battery->source.empty()) << d.id;
        }
    }
}

TEST(Catalog, ValuesArePhysicallySane) {
    for (const auto& d : cat().all()) {
        EXPECT_GT(d.memory_bytes, 0) << d.id;
        EXPECT_GE(d.cores, 1) << d.id;
        EXPECT_FALSE(d.radios.empty()) << d.id;
        for (const auto& p : d.pstates) {
            EXPECT_GT(p.frequency_hz, 0) << d.id;
            if (p.flops_per_s) {
                EXPECT_GT(*p.flops_per_s, 0) << d.id;
            }
            if (p.busy_known && p.idle_known) {
                EXPECT_GE(p.busy_w, p.idle_w) << d.id;
            }
            if (!p.busy_known) {
                EXPECT_EQ(p.busy_w, 0) << d.id;
            }
            if (!p.idle_known) {
                EXPECT_EQ(p.idle_w, 0) << d.id;
            }
        }
        for (const auto& r : d.radios)
            if (!r.power_known) {
                EXPECT_TRUE(r.tx_w == 0 && r.rx_w == 0) << d.id;
            }
    }
}

TEST(Catalog, PStatesAreOrderedFastestFirst) {
    for (const auto& d : cat().all())
        for (std::size_t i = 1; i < d.pstates.size(); ++i) {
            EXPECT_LT(d.pstates[i].frequency_hz, d.pstates[i - 1].frequency_hz) << d.id;
            if (d.pstates[i].flops_per_s && d.pstates[i - 1].flops_per_s) {
                EXPECT_LE(*d.pstates[i].flops_per_s, *d.pstates[i - 1].flops_per_s) << d.id;
            }
        }
}

TEST(Catalog, EveryComputingDeviceExceptBraceletsHasAState) {
    for (const auto& d : cat().all())
        if (d.device_class != DeviceClass::Bracelet) {
            EXPECT_FALSE(d.pstates.empty()) << d.id;
        }
}

TEST(Catalog, BatteryDevicesHaveCapacityAndVoltageAndServersAreMains) {
    for (const auto& d : cat().all()) {
        const bool portable = d.device_class == DeviceClass::Phone ||
                              d.device_class == DeviceClass::Watch ||
                              d.device_class == DeviceClass::Bracelet;
        EXPECT_EQ(d.battery_powered(), portable) << d.id;
        if (d.battery) {
            EXPECT_GT(d.battery->capacity_mah, 0) << d.id;
            EXPECT_GT(d.battery->voltage_v, 0) << d.id;
        }
    }
}

TEST(Catalog, BraceletsCannotHoldAOneMegabyteModel) {
    const double one_mb = 1e6;
    int bracelets = 0;
    for (const auto& d : cat().all()) {
        if (d.device_class != DeviceClass::Bracelet) continue;
        ++bracelets;
        EXPECT_FALSE(d.fits_in_memory(one_mb)) << d.id;
        // And no bracelet claims a CNN throughput.
        EXPECT_FALSE(d.top_flops_per_s().has_value()) << d.id;
    }
    EXPECT_EQ(bracelets, 2);
    // A phone holds the same model easily.
    EXPECT_TRUE(cat().find("redmi-note-8")->fits_in_memory(one_mb));
}

TEST(Catalog, RaspberryPiCalibrationIsTheClosedForm) {
    const DeviceType* pi = cat().find("raspberry-pi-4");
    ASSERT_NE(pi, nullptr);
    ASSERT_FALSE(pi->pstates.empty());
    const PState& p = pi->pstates.front();
    EXPECT_DOUBLE_EQ(p.frequency_hz, 1.5e9);
    // ncnn ResNet-18 (1.8 G multiply-adds = 3.6 GFLOP) in 233.89 ms with 4 threads.
    ASSERT_TRUE(p.flops_per_s.has_value());
    EXPECT_NEAR(*p.flops_per_s, 3.6e9 / 0.23389, 0.005e9);
    EXPECT_DOUBLE_EQ(p.busy_w, 6.4);  // 1280 mA x 5 V
    EXPECT_DOUBLE_EQ(p.idle_w, 2.7);  // 540 mA x 5 V
    EXPECT_NE(pi->radio("wifi"), nullptr);
    EXPECT_NE(pi->radio("ethernet"), nullptr);
    EXPECT_EQ(pi->radio("lte"), nullptr);
}

TEST(Catalog, DerivedPhoneAndWatchRatesFollowTheirClosedForms) {
    // Each is a published ncnn ResNet-18 time on a sibling SoC, scaled by the clock ratio.
    struct Derived {
        const char* id;
        double flops;
    };
    const Derived derived[] = {
        {"redmi-7a", 3.6e9 / 0.17858 * 2.0 / 1.2},    // SD410 x4 A53 1.2 GHz -> 2.0 GHz
        {"redmi-8a", 3.6e9 / 0.17858 * 2.0 / 1.2},    // same SoC as the 7A
        {"redmi-note-8", 3.6e9 / 0.080 * 2.0 / 2.2},  // SD660 Kryo 260 2.2 -> 2.0 GHz
        {"redmi-k30", 3.6e9 / 0.0865 * 2.2 / 2.0},    // SD675 2x A76 2.0 -> 2.2 GHz
        {"huawei-changxiang-9-plus", 3.6e9 / 0.07345 * 2.2 / 2.4},  // Kirin 970 A73 2.4 -> 2.2
        {"huawei-nova-5z", 3.6e9 / 0.0865 * 2.27 / 2.0},            // A76 2.0 -> 2.27 GHz
        {"sony-smartwatch-3", 3.6e9 / 0.65686 * 1.2},               // i.MX7D 2x A7 1.0 -> 1.2 GHz
        {"huawei-watch-2-pro", 3.6e9 / 0.65686 * 1.2},
        {"xiaomi-watch", 3.6e9 / 0.65686 * 1.2},
    };
    for (const auto& d : derived) {
        const DeviceType* t = cat().find(d.id);
        ASSERT_NE(t, nullptr) << d.id;
        const auto f = t->top_flops_per_s();
        ASSERT_TRUE(f.has_value()) << d.id;
        // The catalog rounds to three significant figures.
        EXPECT_NEAR(*f, d.flops, 0.005 * d.flops) << d.id;
    }
}

TEST(Catalog, X86RatesFollowThePublishedOpenVinoThroughput) {
    // ResNet-50 = 4.1 G multiply-adds = 8.2 GFLOP per image.
    EXPECT_NEAR(*cat().find("edge-server")->top_flops_per_s(), 469.78 * 8.2e9, 0.01e12);
    EXPECT_NEAR(*cat().find("cloud-server")->top_flops_per_s(), 666.39 * 8.2e9, 0.01e12);
    // i7-7700K (4 cores, 4.2 GHz) scaled to the i7-7500U's 2 cores at 2.7 GHz.
    EXPECT_NEAR(*cat().find("dell-inspiron-13-7368")->top_flops_per_s(),
                52.16 * 8.2e9 * (2 * 2.7) / (4 * 4.2), 0.5e9);
    // Servers are GPU-less, mains-powered and far faster than any terminal.
    for (const auto& d : cat().all()) {
        if (d.device_class == DeviceClass::Phone || d.device_class == DeviceClass::Watch) {
            EXPECT_LT(*d.top_flops_per_s() * 50, *cat().find("edge-server")->top_flops_per_s());
        }
    }
}

TEST(Catalog, PhonePowerFollowsTheAndroidPowerProfile) {
    // Redmi Note 8 power_profile.xml, mA at 3.7 V: every core at its top speed, screen off.
    const DeviceType* note8 = cat().find("redmi-note-8");
    ASSERT_NE(note8, nullptr);
    const PState& p = note8->pstates.front();
    ASSERT_TRUE(p.busy_known && p.idle_known);
    const double busy_ma = 4.65 + 1 + 12.10 + 16.43 + 4 * 51.99 + 4 * 192.47;
    EXPECT_NEAR(p.busy_w, busy_ma * 3.7e-3, 0.001);
    EXPECT_NEAR(p.idle_w, (4.65 + 0.52) * 3.7e-3, 0.0001);
    const Radio* wifi = note8->radio("wifi");
    ASSERT_NE(wifi, nullptr);
    ASSERT_TRUE(wifi->power_known);
    EXPECT_NEAR(wifi->tx_w, 150 * 3.7e-3, 1e-9);
    EXPECT_NEAR(wifi->rx_w, 220 * 3.7e-3, 1e-9);
    // Draining the busy power for one ResNet-18 (3.6 GFLOP) costs E = P * flops / rate.
    const double energy_j = p.busy_w * 3.6e9 / *p.flops_per_s;
    EXPECT_NEAR(energy_j, 3.744 * 3.6e9 / 40.9e9, 1e-3);
}

TEST(Catalog, CloseIdsSuggestNeighbours) {
    auto near = cat().close_ids("raspberry-pi-3");
    ASSERT_FALSE(near.empty());
    EXPECT_EQ(near.front(), "raspberry-pi-4");
    near = cat().close_ids("redmi");
    ASSERT_EQ(near.size(), 3u);
    for (const auto& id : near) EXPECT_EQ(id.rfind("redmi", 0), 0u) << id;
}

TEST(DeviceClass, NamesRoundTrip) {
    for (DeviceClass c :
         {DeviceClass::Bracelet, DeviceClass::Watch, DeviceClass::Phone, DeviceClass::SingleBoard,
          DeviceClass::Laptop, DeviceClass::EdgeServer, DeviceClass::CloudServer})
        EXPECT_EQ(device_class_from_string(to_string(c)), c);
    EXPECT_FALSE(device_class_from_string("toaster").has_value());
}

// ---- validation of broken catalogs: each names the file, the line and the key.

const char* kGood = R"(devices:
  - id: box
    name: Box
    class: edge-server
    processor: x
    memory: {value: 4GB, source: s}
    cores: {value: 4, source: s}
    pstates:
      - {frequency: 2GHz, flops: 1e9, busy: 10W, idle: 5W, source: s}
      - {frequency: 1GHz, flops: unknown, busy: unknown, idle: 4W, source: s}
    radios:
      - {kind: ethernet, tx: 1W, rx: 1W, source: s}
    battery: {capacity: 1000mAh, voltage: 3.7V, source: s}
)";

std::string with(const std::string& from, const std::string& to) {
    std::string text = kGood;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    return text;
}

// Returns the error, failing the test if the text loads.
common::InputError load_error(const std::string& text) {
    try {
        Catalog::from_yaml(text, "test.yaml");
    } catch (const common::InputError& e) {
        return e;
    }
    ADD_FAILURE() << "catalog loaded but should not have:\n" << text;
    return common::InputError("", 0, "", "", "");
}

TEST(CatalogValidation, GoodCatalogLoadsWithUnitsApplied) {
    const Catalog c = Catalog::from_yaml(kGood, "test.yaml");
    ASSERT_EQ(c.all().size(), 1u);
    const DeviceType& d = c.all()[0];
    EXPECT_EQ(d.device_class, DeviceClass::EdgeServer);
    EXPECT_DOUBLE_EQ(d.memory_bytes, 4e9);
    EXPECT_EQ(d.cores, 4);
    ASSERT_EQ(d.pstates.size(), 2u);
    EXPECT_DOUBLE_EQ(d.pstates[0].frequency_hz, 2e9);
    EXPECT_DOUBLE_EQ(*d.pstates[0].flops_per_s, 1e9);
    EXPECT_FALSE(d.pstates[1].flops_per_s.has_value());
    EXPECT_FALSE(d.pstates[1].busy_known);
    EXPECT_TRUE(d.pstates[1].idle_known);
    EXPECT_DOUBLE_EQ(d.pstates[1].idle_w, 4.0);
    ASSERT_TRUE(d.battery);
    EXPECT_NEAR(d.battery->capacity_mah, 1000.0, 1e-9);
    EXPECT_DOUBLE_EQ(d.battery->voltage_v, 3.7);
}

TEST(CatalogValidation, BadUnitNamesLineAndKey) {
    const auto e = load_error(with("memory: {value: 4GB", "memory: {value: 4 parsecs"));
    EXPECT_EQ(e.file(), "test.yaml");
    EXPECT_EQ(e.line(), 6);
    EXPECT_EQ(e.key(), "devices[0].memory.value");
    EXPECT_EQ(e.value(), "4 parsecs");
}

TEST(CatalogValidation, UnknownKeyIsAnError) {
    const auto e = load_error(with("    name: Box\n", "    name: Box\n    colour: red\n"));
    EXPECT_EQ(e.line(), 4);
    EXPECT_EQ(e.key(), "devices[0].colour");
}

TEST(CatalogValidation, MissingSourceIsAnError) {
    const auto e = load_error(with("cores: {value: 4, source: s}", "cores: {value: 4}"));
    EXPECT_EQ(e.key(), "devices[0].cores.source");
    EXPECT_EQ(e.line(), 7);
}

TEST(CatalogValidation, PStatesOutOfOrderAreAnError) {
    const auto e = load_error(with("frequency: 1GHz", "frequency: 3GHz"));
    EXPECT_EQ(e.key(), "devices[0].pstates[1].frequency");
    EXPECT_EQ(e.line(), 10);
}

TEST(CatalogValidation, BusyBelowIdleIsAnError) {
    const auto e = load_error(with("busy: 10W, idle: 5W", "busy: 1W, idle: 5W"));
    EXPECT_EQ(e.key(), "devices[0].pstates[0].busy");
}

TEST(CatalogValidation, BadClassRadioAndDuplicateIdAreErrors) {
    EXPECT_EQ(load_error(with("class: edge-server", "class: toaster")).key(), "devices[0].class");
    EXPECT_EQ(load_error(with("kind: ethernet", "kind: smoke-signal")).key(),
              "devices[0].radios[0].kind");
    EXPECT_EQ(load_error(with("tx: 1W, rx: 1W", "tx: 1W, rx: unknown")).key(),
              "devices[0].radios[0]");
    std::string twice = kGood;
    twice += std::string(kGood).substr(std::string("devices:\n").size());
    const auto e = load_error(twice);
    EXPECT_EQ(e.key(), "devices[1].id");
    EXPECT_EQ(e.line(), 14);  // the second "- id: box"
}

TEST(CatalogValidation, FractionalCoresAndNegativePowerAreErrors) {
    EXPECT_EQ(load_error(with("value: 4, source", "value: 2.5, source")).key(),
              "devices[0].cores.value");
    EXPECT_EQ(load_error(with("idle: 5W", "idle: -5W")).key(), "devices[0].pstates[0].idle");
}

TEST(CatalogValidation, MalformedYamlNamesTheLine) {
    const auto e = load_error("devices:\n  - id: [unclosed\n");
    EXPECT_EQ(e.file(), "test.yaml");
    EXPECT_GE(e.line(), 2);
}

}  // namespace
}  // namespace a2iot::devices
