#include "devices/catalog.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>
#include <string>
#include <utility>

#include "common/input_error.hpp"
#include "common/unit_error.hpp"
#include "common/units.hpp"

namespace a2iot::devices {
namespace {

using common::InputError;
using common::Quantity;

// Reads one YAML document node by node, remembering where each node came from so that every
// error names the catalog line and the key path (devices[3].pstates[0].busy).
class Reader {
  public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void fail(const YAML::Node& node, const std::string& key, const std::string& value,
                           const std::string& expected) const {
        const int line = node.IsDefined() ? node.Mark().line + 1 : 0;
        throw InputError(file_, line, key, value, expected);
    }

    static std::string text_of(const YAML::Node& node) {
        if (node.IsScalar()) return node.Scalar();
        if (node.IsMap()) return "<a map>";
        if (node.IsSequence()) return "<a list>";
        return "<nothing>";
    }

    void require_map(const YAML::Node& node, const std::string& key,
                     std::initializer_list<const char*> allowed) const {
        if (!node.IsMap()) fail(node, key, text_of(node), "a map");
        for (const auto& kv : node) {
            const std::string name = kv.first.Scalar();
            const bool known = std::any_of(allowed.begin(), allowed.end(),
                                           [&](const char* a) { return name == a; });
            if (!known) {
                std::string list;
                for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                fail(kv.first, key + "." + name, name, "one of the keys " + list);
            }
        }
    }

    // The parent map is passed so that a missing key can still report the entry's line.
    YAML::Node child(const YAML::Node& map, const char* name, const std::string& key) const {
        YAML::Node n = map[name];
        if (!n.IsDefined() || n.IsNull())
            fail(map, key + "." + name, "", "a value for '" + std::string(name) + "'");
        return n;
    }

    std::string string(const YAML::Node& map, const char* name, const std::string& key) const {
        YAML::Node n = child(map, name, key);
        if (!n.IsScalar() || n.Scalar().empty())
            fail(n, key + "." + name, text_of(n), "a non-empty text");
        return n.Scalar();
    }

    static bool is_unknown(const YAML::Node& n) { return n.IsScalar() && n.Scalar() == "unknown"; }

    double quantity(const YAML::Node& map, const char* name, const std::string& key, Quantity q,
                    bool positive) const {
        YAML::Node n = child(map, name, key);
        if (!n.IsScalar()) fail(n, key + "." + name, text_of(n), common::expected_units(q));
        double v = 0;
        try {
            v = common::parse_quantity(n.Scalar(), q);
        } catch (const common::UnitError& e) {
            fail(n, key + "." + name, e.value(), e.expected());
        }
        if (positive ? !(v > 0) : !(v >= 0))
            fail(n, key + "." + name, n.Scalar(),
                 std::string(positive ? "a value > 0" : "a value >= 0") + " (" +
                     common::expected_units(q) + ")");
        return v;
    }

    std::optional<double> optional_quantity(const YAML::Node& map, const char* name,
                                            const std::string& key, Quantity q) const {
        YAML::Node n = child(map, name, key);
        if (is_unknown(n)) return std::nullopt;
        return quantity(map, name, key, q, true);
    }

    const std::string& file() const { return file_; }

  private:
    std::string file_;
};

// Each number in the catalog comes as {value: ..., source: ...} or, inside a pstate / radio /
// battery, shares that block's `source`.
double sourced_quantity(const Reader& r, const YAML::Node& map, const char* name,
                        const std::string& key, Quantity q, std::string& source) {
    YAML::Node n = r.child(map, name, key);
    const std::string k = key + "." + name;
    r.require_map(n, k, {"value", "source"});
    source = r.string(n, "source", k);
    return r.quantity(n, "value", k, q, true);
}

PState read_pstate(const Reader& r, const YAML::Node& n, const std::string& key) {
    r.require_map(n, key, {"frequency", "flops", "busy", "idle", "source"});
    PState p;
    p.frequency_hz = r.quantity(n, "frequency", key, Quantity::Frequency, true);
    p.flops_per_s = r.optional_quantity(n, "flops", key, Quantity::Count);
    const auto busy = r.optional_quantity(n, "busy", key, Quantity::Power);
    const auto idle = r.optional_quantity(n, "idle", key, Quantity::Power);
    p.busy_known = busy.has_value();
    p.idle_known = idle.has_value();
    p.busy_w = busy.value_or(0.0);
    p.idle_w = idle.value_or(0.0);
    p.source = r.string(n, "source", key);
    // Whole-device power while computing cannot be below the same device's idle power.
    if (busy && idle && p.busy_w < p.idle_w)
        r.fail(n["busy"], key + ".busy", n["busy"].Scalar(),
               "a busy power >= the idle power (" + n["idle"].Scalar() + ")");
    return p;
}

Radio read_radio(const Reader& r, const YAML::Node& n, const std::string& key) {
    static const std::set<std::string> kinds{"wifi", "ble", "lte", "3g", "ethernet"};
    r.require_map(n, key, {"kind", "tx", "rx", "source"});
    Radio radio;
    radio.kind = r.string(n, "kind", key);
    if (!kinds.count(radio.kind))
        r.fail(n["kind"], key + ".kind", radio.kind, "one of wifi, ble, lte, 3g, ethernet");
    const auto tx = r.optional_quantity(n, "tx", key, Quantity::Power);
    const auto rx = r.optional_quantity(n, "rx", key, Quantity::Power);
    // One flag covers both directions, so a half-known radio is refused rather than half-used.
    if (tx.has_value() != rx.has_value())
        r.fail(n, key, Reader::text_of(tx ? n["rx"] : n["tx"]),
               "tx and rx both known or both 'unknown'");
    radio.power_known = tx.has_value();
    radio.tx_w = tx.value_or(0.0);
    radio.rx_w = rx.value_or(0.0);
    radio.source = r.string(n, "source", key);
    return radio;
}

std::optional<BatteryFacts> read_battery(const Reader& r, const YAML::Node& n,
                                         const std::string& key) {
    if (n.IsScalar() && n.Scalar() == "none") return std::nullopt;
    r.require_map(n, key, {"capacity", "voltage", "source"});
    BatteryFacts b;
    b.capacity_mah = r.quantity(n, "capacity", key, Quantity::Charge, true) / 3.6;
    b.voltage_v = r.quantity(n, "voltage", key, Quantity::Voltage, true);
    b.source = r.string(n, "source", key);
    return b;
}

DeviceType read_device(const Reader& r, const YAML::Node& n, const std::string& key) {
    r.require_map(n, key,
                  {"id", "name", "class", "processor", "memory", "cores", "pstates", "radios",
                   "battery", "notes"});
    DeviceType d;
    d.id = r.string(n, "id", key);
    d.name = r.string(n, "name", key);
    const std::string cls = r.string(n, "class", key);
    const auto c = device_class_from_string(cls);
    if (!c)
        r.fail(n["class"], key + ".class", cls,
               "one of bracelet, watch, phone, single-board, laptop, edge-server, cloud-server");
    d.device_class = *c;
    d.processor = r.string(n, "processor", key);
    d.memory_bytes = sourced_quantity(r, n, "memory", key, Quantity::DataSize, d.memory_source);
    const double cores = sourced_quantity(r, n, "cores", key, Quantity::Count, d.cores_source);
    if (cores != std::floor(cores) || cores > 1e6)
        r.fail(n["cores"]["value"], key + ".cores.value", n["cores"]["value"].Scalar(),
               "a whole number of cores >= 1");
    d.cores = static_cast<int>(cores);

    YAML::Node ps = r.child(n, "pstates", key);
    // An empty list is allowed: a device whose clock is not public (a bracelet MCU) cannot
    // compute in the simulator at all, and a policy has to offload or refuse.
    if (!ps.IsSequence())
        r.fail(ps, key + ".pstates", Reader::text_of(ps), "a list of DVFS states");
    for (std::size_t i = 0; i < ps.size(); ++i) {
        const std::string pk = key + ".pstates[" + std::to_string(i) + "]";
        PState p = read_pstate(r, ps[i], pk);
        // SimGrid's pstate 0 is the fastest; a policy picking "state 0" relies on that order.
        if (!d.pstates.empty() && !(p.frequency_hz < d.pstates.back().frequency_hz))
            r.fail(ps[i]["frequency"], pk + ".frequency", ps[i]["frequency"].Scalar(),
                   "states ordered fastest first (a frequency below the previous state's)");
        if (!d.pstates.empty() && p.flops_per_s && d.pstates.back().flops_per_s &&
            *p.flops_per_s > *d.pstates.back().flops_per_s)
            r.fail(ps[i]["flops"], pk + ".flops", ps[i]["flops"].Scalar(),
                   "a throughput no higher than the faster state's");
        d.pstates.push_back(std::move(p));
    }

    YAML::Node rs = r.child(n, "radios", key);
    if (!rs.IsSequence() || rs.size() == 0)
        r.fail(rs, key + ".radios", Reader::text_of(rs), "a non-empty list of radios");
    for (std::size_t i = 0; i < rs.size(); ++i) {
        const std::string rk = key + ".radios[" + std::to_string(i) + "]";
        Radio radio = read_radio(r, rs[i], rk);
        if (d.radio(radio.kind))
            r.fail(rs[i]["kind"], rk + ".kind", radio.kind, "each radio kind at most once");
        d.radios.push_back(std::move(radio));
    }

    d.battery = read_battery(r, r.child(n, "battery", key), key + ".battery");
    if (n["notes"].IsDefined()) d.notes = r.string(n, "notes", key);
    return d;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min(
                {prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

// Defined in the file CMake generates from devices/catalog.yaml (catalog_yaml.cpp.in).
extern const char* const kBuiltinCatalogYaml;

Catalog::Catalog(std::vector<DeviceType> types) : types_(std::move(types)) {}

const Catalog& Catalog::builtin() {
    // Parsed once, on first use; a broken built-in catalog is a build defect that the catalog
    // tests catch, so the InputError simply propagates.
    static const Catalog catalog = from_yaml(kBuiltinCatalogYaml, "devices/catalog.yaml");
    return catalog;
}

std::string_view Catalog::builtin_yaml() {
    return kBuiltinCatalogYaml;
}

Catalog Catalog::from_yaml(std::string_view yaml_text, const std::string& file_name) {
    const Reader r(file_name);
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml_text));
    } catch (const YAML::ParserException& e) {
        throw InputError(file_name, e.mark.line + 1, "", e.msg, "valid YAML");
    }
    r.require_map(root, "catalog", {"devices"});
    YAML::Node list = r.child(root, "devices", "catalog");
    if (!list.IsSequence() || list.size() == 0)
        r.fail(list, "devices", Reader::text_of(list), "a non-empty list of device types");

    std::vector<DeviceType> types;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string key = "devices[" + std::to_string(i) + "]";
        DeviceType d = read_device(r, list[i], key);
        if (!seen.insert(d.id).second)
            r.fail(list[i]["id"], key + ".id", d.id, "an id not used by an earlier entry");
        types.push_back(std::move(d));
    }
    return Catalog(std::move(types));
}

const DeviceType* Catalog::find(const std::string& id) const {
    for (const auto& t : types_)
        if (t.id == id) return &t;
    return nullptr;
}

std::vector<std::string> Catalog::ids() const {
    std::vector<std::string> out;
    out.reserve(types_.size());
    for (const auto& t : types_) out.push_back(t.id);
    return out;
}

std::vector<std::string> Catalog::close_ids(const std::string& id, std::size_t max_count) const {
    // Rank by edit distance, but let a query that is a piece of an id ("pi", "redmi") win, since
    // that is how people misremember catalog names.
    std::vector<std::pair<std::size_t, std::string>> ranked;
    for (const auto& t : types_) {
        std::size_t score = edit_distance(id, t.id);
        if (!id.empty() && t.id.find(id) != std::string::npos) score = 0;
        ranked.emplace_back(score, t.id);
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (const auto& [score, name] : ranked) {
        if (out.size() == max_count) break;
        out.push_back(name);
    }
    return out;
}

}  // namespace a2iot::devices
