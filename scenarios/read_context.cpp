#include "scenarios/read_context.hpp"

#include <algorithm>

namespace a2iot::scenarios {

using common::Quantity;

bool intersects(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (*i == *j) return true;
        if (*i < *j)
            ++i;
        else
            ++j;
    }
    return false;
}

bool includes(const std::vector<std::size_t>& outer, const std::vector<std::size_t>& inner) {
    return std::includes(outer.begin(), outer.end(), inner.begin(), inner.end());
}

std::size_t first_common(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b) {
    for (std::size_t x : a)
        if (std::binary_search(b.begin(), b.end(), x)) return x;
    return a.front();
}

std::optional<YAML::Node> ReadContext::list_section(const MapReader& top, const std::string& key,
                                                    const std::string& what, bool required) {
    if (!top.has(key)) {
        if (required) top.require(key, what);
        return std::nullopt;
    }
    YAML::Node node = top.node(key);
    if (!node.IsSequence()) {
        sink.add(top.line(key), key, MapReader::describe(node),
                 what + " (got " + MapReader::type_name(node) + ")");
        return std::nullopt;
    }
    return node;
}

std::string ReadContext::element_path(const std::string& list, const YAML::Node& element,
                                      std::size_t index) {
    if (element.IsMap()) {
        for (const char* key : {"id", "name"}) {
            const YAML::Node v = element[key];
            if (v.IsDefined() && v.IsScalar() && MapReader::matches(v.Scalar(), kModelPattern))
                return list + "." + v.Scalar();
        }
    }
    return list + "." + std::to_string(index);
}

bool ReadContext::declare(const std::string& id, std::vector<std::size_t> members, int line,
                          const std::string& path) {
    auto it = ids.find(id);
    if (it != ids.end()) {
        sink.add(line, path, id,
                 "a unique device or group id ('" + id + "' is already declared at line " +
                     std::to_string(it->second.line) + ")");
        return false;
    }
    ids[id] = IdEntry{std::move(members), line};
    return true;
}

std::vector<std::string> ReadContext::names_of(const std::vector<std::size_t>& members) const {
    std::vector<std::string> out;
    out.reserve(members.size());
    for (std::size_t i : members) out.push_back(spec.devices[i].id);
    return out;
}

std::optional<std::vector<std::size_t>> ReadContext::resolve(const MapReader& m,
                                                             const std::string& key,
                                                             bool required) {
    const std::string expected = "a device or group id";
    auto id = m.scalar(key, expected, required);
    if (!id) return std::nullopt;
    if (auto it = ids.find(*id); it != ids.end() && !broken_ids.count(*id)) {
        std::vector<std::size_t> members = it->second.members;
        std::sort(members.begin(), members.end());
        return members;
    }
    if (broken_ids.count(*id) || broken_reference(*id))
        return std::nullopt;  // already reported where it is declared
    sink.add(m.line(key), m.path(key), *id,
             expected +
                 (declared_order.empty() ? std::string(" (no devices are declared)")
                                         : ": " + MapReader::list_words(declared_order)) +
                 MapReader::did_you_mean(*id, declared_order));
    return std::nullopt;
}

std::optional<double> ReadContext::read_time_within(const MapReader& m, const std::string& key,
                                                    Bound bound, bool required) {
    auto t = m.quantity(key, Quantity::Time, bound, required);
    if (t && duration_s && *t > *duration_s) {
        sink.add(m.line(key), m.path(key), MapReader::describe(m.node(key)),
                 "a time within the scenario's duration [0, " +
                     common::format_quantity(*duration_s, Quantity::Time) + "]");
        return std::nullopt;
    }
    return t;
}

void ReadContext::add_link(LinkSpec link, std::vector<std::size_t> from,
                           std::vector<std::size_t> to, std::string path) {
    spec.links.push_back(std::move(link));
    link_sets.emplace_back(std::move(from), std::move(to));
    link_paths.push_back(std::move(path));
}

void ReadContext::mark_broken(const std::string& id, const std::vector<std::size_t>& members,
                              bool group) {
    broken_ids.insert(id);
    // Members are ids too ("cam-3" in an event or a link): uses of them follow from the entry.
    for (std::size_t i : members) broken_ids.insert(spec.devices[i].id);
    if (group) broken_groups.insert(id);
}

void ReadContext::mark_broken_text(const YAML::Node& node, bool group) {
    if (!node.IsDefined() || !node.IsScalar() || node.Scalar().empty()) return;
    broken_ids.insert(node.Scalar());
    if (group) broken_groups.insert(node.Scalar());
}

bool ReadContext::broken_reference(const std::string& id) const {
    if (ids_unknown || broken_ids.count(id)) return true;
    // "cam-7" of a broken group "cam" whose members are unknown (a bad count) or out of range.
    const std::size_t dash = id.rfind('-');
    if (dash == std::string::npos || dash + 1 == id.size()) return false;
    if (!std::all_of(id.begin() + dash + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    return broken_groups.count(id.substr(0, dash)) > 0;
}

std::optional<std::vector<std::size_t>> ReadContext::known_members(const YAML::Node& node) const {
    if (!node.IsDefined() || !node.IsScalar()) return std::nullopt;
    auto it = ids.find(node.Scalar());
    if (it == ids.end()) return std::nullopt;
    std::vector<std::size_t> members = it->second.members;
    std::sort(members.begin(), members.end());
    return members;
}

void ReadContext::add_broken_link(std::optional<std::vector<std::size_t>> from,
                                  std::optional<std::vector<std::size_t>> to) {
    broken_links.emplace_back(std::move(from), std::move(to));
}

bool ReadContext::broken_link_between(const std::vector<std::size_t>& from,
                                      const std::vector<std::size_t>& to) const {
    if (links_unknown) return true;
    auto covers = [](const std::optional<std::vector<std::size_t>>& end,
                     const std::vector<std::size_t>& devices) {
        return !end || includes(*end, devices);
    };
    for (const auto& [lf, lt] : broken_links)
        if ((covers(lf, from) && covers(lt, to)) || (covers(lf, to) && covers(lt, from)))
            return true;
    return false;
}

bool ReadContext::broken_model(const std::string& name) const {
    return models_unknown || broken_models.count(name) > 0;
}

}  // namespace a2iot::scenarios
