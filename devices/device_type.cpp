#include "devices/device_type.hpp"

namespace a2iot::devices {

const char* to_string(DeviceClass c) {
    switch (c) {
        case DeviceClass::Bracelet:
            return "bracelet";
        case DeviceClass::Watch:
            return "watch";
        case DeviceClass::Phone:
            return "phone";
        case DeviceClass::SingleBoard:
            return "single-board";
        case DeviceClass::Laptop:
            return "laptop";
        case DeviceClass::EdgeServer:
            return "edge-server";
        case DeviceClass::CloudServer:
            return "cloud-server";
    }
    return "unknown";
}

std::optional<DeviceClass> device_class_from_string(const std::string& name) {
    for (DeviceClass c :
         {DeviceClass::Bracelet, DeviceClass::Watch, DeviceClass::Phone, DeviceClass::SingleBoard,
          DeviceClass::Laptop, DeviceClass::EdgeServer, DeviceClass::CloudServer})
        if (name == to_string(c)) return c;
    return std::nullopt;
}

std::optional<double> DeviceType::top_flops_per_s() const {
    if (pstates.empty()) return std::nullopt;
    return pstates.front().flops_per_s;
}

const Radio* DeviceType::radio(const std::string& kind) const {
    for (const auto& r : radios)
        if (r.kind == kind) return &r;
    return nullptr;
}

}  // namespace a2iot::devices
