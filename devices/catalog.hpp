#pragma once
#include <cstddef>
#include <string>
#include <string_view>
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

    // Parses and validates a catalog in the devices/catalog.yaml format. A broken entry throws
    // common::InputError naming file_name, the YAML line, the key path and what was expected.
    static Catalog from_yaml(std::string_view yaml_text, const std::string& file_name);
    // The text of devices/catalog.yaml as embedded at build time.
    static std::string_view builtin_yaml();

    // Ids closest to `id` (edit distance, then shared prefix), for "did you mean" messages.
    std::vector<std::string> close_ids(const std::string& id, std::size_t max_count = 3) const;

private:
    std::vector<DeviceType> types_;
};

}  // namespace a2iot::devices
