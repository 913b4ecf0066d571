#pragma once
#include <string>
#include <vector>

#include "devices/device_type.hpp"

namespace a2iot::devices {

// The built-in catalog (devices/catalog.yaml compiled into the library).
class Catalog {
public:
    static const Catalog& builtin();

    const DeviceType* find(const std::string& id) const;  // nullptr if unknown
    const std::vector<DeviceType>& all() const { return types_; }
    std::vector<std::string> ids() const;

    explicit Catalog(std::vector<DeviceType> types);

private:
    std::vector<DeviceType> types_;
};

}  // namespace a2iot::devices
