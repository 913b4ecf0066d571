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

// A battery device with an unknown power never drains, so every battery terminal must carry a
// figure for each CPU state and each radio it lists. The only exceptions are listed here, each with
// why no public figure exists; an entry that gains a figure must be removed from the list.
struct UnknownPower {
    const char* id;
    const char* what;  // "cpu" or a radio kind
};
const UnknownPower kUnsourcedPower[] = {
    // Dialog DA14681 (Cortex-M0, no FPU): no public whole-band or SoC active/idle current was
    // found, and the band has no CNN throughput either, so it never computes a layer.
    {"xiaomi-band-4", "cpu"},
};

bool allow_listed(const std::string& id, const std::string& what) {
    for (const auto& u : kUnsourcedPower)
        if (id == u.id && what == u.what) return true;
    return false;
}

TEST(Catalog, EveryBatteryTerminalHasKnownCpuAndRadioPower) {
    int terminals = 0;
    for (const auto& d : cat().all()) {
        if (!d.battery_powered()) continue;
        ++terminals;
        for (std::size_t i = 0; i < d.pstates.size(); ++i) {
            const PState& p = d.pstates[i];
            if (allow_listed(d.id, "cpu")) continue;
            EXPECT_TRUE(p.busy_known) << d.id << " pstate " << i << " busy";
            EXPECT_TRUE(p.idle_known) << d.id << " pstate " << i << " idle";
        }
        for (const auto& r : d.radios)
            if (!allow_listed(d.id, r.kind)) {
                EXPECT_TRUE(r.power_known) << d.id << " radio " << r.kind;
            }
    }
    EXPECT_EQ(terminals, 11);  // the survey's six phones, three watches and two bracelets
    // The allow-list stays honest: each entry names a device and part that is still unknown.
    for (const auto& u : kUnsourcedPower) {
        const DeviceType* d = cat().find(u.id);
        ASSERT_NE(d, nullptr) << u.id;
        const std::string what = u.what;
        if (what == "cpu") {
            bool any_unknown = false;
            for (const auto& p : d->pstates) any_unknown |= !p.busy_known || !p.idle_known;
            EXPECT_TRUE(any_unknown) << u.id << ": has CPU power now, remove it from the list";
        } else {
            const Radio* r = d->radio(what);
            ASSERT_NE(r, nullptr) << u.id << " lists no " << what << " radio";
            EXPECT_FALSE(r->power_known) << u.id << ": has " << what << " power now, remove it";
        }
    }
}

TEST(Catalog, TerminalPowerIsInPlausiblePhysicalRanges) {
    struct Range {
        double lo_w, hi_w;
    };
    for (const auto& d : cat().all()) {
        if (!d.battery_powered()) continue;
        // Whole-device CPU power, screen off: a phone SoC draws watts under load, a watch less,
        // a microcontroller band milliwatts.
        Range busy{0, 0}, idle{0, 0};
        switch (d.device_class) {
            case DeviceClass::Phone:
                busy = {0.5, 8};
                idle = {0.001, 1};
                break;
            case DeviceClass::Watch:
                busy = {0.1, 3};
                idle = {0.001, 0.5};
                break;
            default:
                busy = {1e-4, 0.5};
                idle = {1e-6, 0.1};
                break;
        }
        for (const auto& p : d.pstates) {
            if (p.busy_known) {
                EXPECT_GE(p.busy_w, busy.lo_w) << d.id;
                EXPECT_LE(p.busy_w, busy.hi_w) << d.id;
            }
            if (p.idle_known) {
                EXPECT_GE(p.idle_w, idle.lo_w) << d.id;
                EXPECT_LE(p.idle_w, idle.hi_w) << d.id;
            }
        }
        for (const auto& r : d.radios) {
            if (!r.power_known) continue;
            Range range{0, 0};
            if (r.kind == "ble")
                range = {1e-3, 0.2};  // a BLE radio is tens of mW at most
            else if (r.kind == "wifi")
                range = {0.05, 3};
            else if (r.kind == "lte" || r.kind == "3g")
                range = {0.1, 5};
            else
                range = {0.01, 5};
            for (double w : {r.tx_w, r.rx_w}) {
                EXPECT_GE(w, range.lo_w) << d.id << " " << r.kind;
                EXPECT_LE(w, range.hi_w) << d.id << " " << r.kind;
            }
        }
    }
}

TEST(Catalog, ClassPowerFiguresFollowTheirPublishedSources) {
    // Huang et al., MobiSys 2012, Table 3: P = alpha_u t_u + alpha_d t_d + beta (mW, Mbps), at the
    // paper's median LTE throughputs of 6 Mbps up and 13 Mbps down.
    const double lte_tx_w = (1288.04 + 438.39 * 6) / 1000, lte_rx_w = (1288.04 + 51.97 * 13) / 1000;
    const double wifi_tx_w = (132.86 + 283.17 * 6) / 1000,
                 wifi_rx_w = (132.86 + 137.01 * 13) / 1000;
    // nRF52840 radio: 6.40 mA TX at 0 dBm, 6.26 mA RX, at 3.0 V.
    const double ble_tx_w = 6.40 * 3.0e-3, ble_rx_w = 6.26 * 3.0e-3;
    int huang = 0, nordic = 0;
    for (const auto& d : cat().all())
        for (const auto& r : d.radios) {
            if (r.source.find("Huang") != std::string::npos) {
                ++huang;
                EXPECT_NE(r.source.find("CLASS FIGURE"), std::string::npos) << d.id;
                const bool lte = r.kind == "lte";
                ASSERT_TRUE(lte || r.kind == "wifi") << d.id << " " << r.kind;
                // The catalog rounds to four significant figures.
                EXPECT_NEAR(r.tx_w, lte ? lte_tx_w : wifi_tx_w, 1e-3) << d.id;
                EXPECT_NEAR(r.rx_w, lte ? lte_rx_w : wifi_rx_w, 1e-3) << d.id;
            }
            if (r.source.find("nRF52840") != std::string::npos) {
                ++nordic;
                EXPECT_NE(r.source.find("CLASS FIGURE"), std::string::npos) << d.id;
                EXPECT_EQ(r.kind, "ble") << d.id;
                EXPECT_NEAR(r.tx_w, ble_tx_w, 1e-4) << d.id;
                EXPECT_NEAR(r.rx_w, ble_rx_w, 1e-4) << d.id;
            }
        }
    EXPECT_EQ(huang, 4 * 2 + 2 * 2 + 1);  // 4 phones x (LTE, Wi-Fi), 2 LTE watches x 2, the SW3
    EXPECT_EQ(nordic, 4 + 3 + 2);         // 4 phones, 3 watches, 2 bands

    // CPU: power_profile.xml currents (mA at 3.7 V) of a sibling handset, same cores as the rate.
    struct Cpu {
        const char* id;
        double busy_ma, idle_ma;
    };
    const Cpu cpus[] = {
        {"redmi-7a", 4.65 + 1 + 12.10 + 4 * 51.99, 4.65 + 0.52},  // Note 8 Kryo 260 Silver x4
        {"redmi-8a", 4.65 + 1 + 12.10 + 4 * 51.99, 4.65 + 0.52},  // same SoC as the 7A
        {"huawei-changxiang-9-plus", 4.65 + 1 + 16.43 + 4 * 192.47, 4.65 + 0.52},  // Gold x4
        {"huawei-nova-5z", 5.74 + 8.85 + 2 * 332.26, 5.74 + 8.85},                 // K30 A76 x2
        {"sony-smartwatch-3", 3 + 22 + 2 * 164, 3 + 22},  // Moto G 2013 A7 x2
        {"huawei-watch-2-pro", 3 + 22 + 2 * 164, 3 + 22},
        {"xiaomi-watch", 3 + 22 + 2 * 164, 3 + 22},
    };
    for (const auto& c : cpus) {
        const DeviceType* d = cat().find(c.id);
        ASSERT_NE(d, nullptr) << c.id;
        const PState& p = d->pstates.front();
        ASSERT_TRUE(p.busy_known && p.idle_known) << c.id;
        EXPECT_NEAR(p.busy_w, c.busy_ma * 3.7e-3, 1e-3) << c.id;
        EXPECT_NEAR(p.idle_w, c.idle_ma * 3.7e-3, 1e-4) << c.id;
        EXPECT_NE(p.source.find("CLASS FIGURE"), std::string::npos) << c.id;
    }
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
