#pragma once
// One entry of the device catalog: plain data, every number with its source.
// Unknown figures are std::nullopt (printed "unknown"), never invented.
#include <optional>
#include <string>
#include <vector>

namespace a2iot::devices {

// Role a device plays by default in a topology; policies pick targets by role.
enum class DeviceClass { Bracelet, Watch, Phone, SingleBoard, Laptop, EdgeServer, CloudServer };

const char* to_string(DeviceClass c);
// Inverse of to_string ("single-board" -> SingleBoard); nullopt for an unknown name.
std::optional<DeviceClass> device_class_from_string(const std::string& name);

struct PState {
    double frequency_hz = 0;
    // Effective throughput on CNN inference (fp32, all cores), not the peak: what a layer's
    // FLOPs are divided by. nullopt when no public figure exists (e.g. a microcontroller).
    std::optional<double> flops_per_s;
    double busy_w = 0;  // whole-device power while computing
    double idle_w = 0;  // whole-device power while idle at this state
    std::string source;
    // False when no public figure exists ("unknown" in the catalog): the matching *_w is then 0
    // and must not be used for energy accounting; a runtime has to refuse or ask for an override.
    bool busy_known = true;
    bool idle_known = true;
};

struct Radio {
    std::string kind;  // wifi | ble | lte | 3g | ethernet
    // Power while transmitting / receiving. Per-bit figures are derived by the simulator from
    // the link bandwidth: energy = power * bytes * 8 / bandwidth.
    double tx_w = 0;
    double rx_w = 0;
    std::string source;
    // False when no public figure exists for this device's radio: tx_w and rx_w are then 0.
    bool power_known = true;
};

struct BatteryFacts {
    double capacity_mah = 0;
    double voltage_v = 0;
    std::string source;
};

struct DeviceType {
    std::string id;  // e.g. "raspberry-pi-4"
    std::string name;
    DeviceClass device_class = DeviceClass::Phone;
    std::string processor;
    double memory_bytes = 0;
    std::string memory_source;
    int cores = 1;
    std::string cores_source;
    std::vector<PState> pstates;  // index 0 = fastest; SimGrid pstate order matches
    std::vector<Radio> radios;
    std::optional<BatteryFacts> battery;  // nullopt = mains powered
    std::string notes;

    bool battery_powered() const { return battery.has_value(); }
    // Effective CNN FLOP/s at the fastest state (pstates[0]); nullopt when unknown or no state.
    std::optional<double> top_flops_per_s() const;
    // Whether a model of this many bytes (weights + working set) fits in the device memory.
    bool fits_in_memory(double model_bytes) const { return model_bytes <= memory_bytes; }
    const Radio* radio(const std::string& kind) const;
};

}  // namespace a2iot::devices
