#include "scenarios/overrides.hpp"

#include <charconv>
#include <vector>

#include "scenarios/map_reader.hpp"

namespace a2iot::scenarios {
namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : path) {
        if (c == '.') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

// The label of a list element: its id, else its name (models), else nothing.
std::string label_of(const YAML::Node& element) {
    if (!element.IsMap()) return {};
    for (const char* key : {"id", "name"}) {
        const YAML::Node v = element[key];
        if (v.IsDefined() && v.IsScalar()) return v.Scalar();
    }
    return {};
}

}  // namespace

bool split_override(const std::string& text, std::string& key, std::string& value,
                    ErrorSink& sink) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
        sink.add(0, "--set", text, "KEY.PATH=VALUE, e.g. devices.cam.count=100");
        return false;
    }
    key = text.substr(0, eq);
    value = text.substr(eq + 1);
    return true;
}

bool apply_override(YAML::Node root, const std::string& key_path, const std::string& value,
                    ErrorSink& sink, const std::string& origin, std::string* canonical) {
    const std::vector<std::string> segments = split_path(key_path);
    std::string named;  // the canonical path walked so far
    auto name_it = [&](const std::string& seg) {
        named = MapReader::join(named, seg);
        if (canonical) *canonical = named;
    };
    YAML::Node cur;
    cur.reset(root);  // reset() rebinds; operator= would overwrite the node it refers to
    std::string path;
    int line = MapReader::line_of(root, 0);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string& seg = segments[i];
        const bool last = i + 1 == segments.size();
        const std::string here = MapReader::join(path, seg);
        if (seg.empty()) {
            sink.add(0, key_path, origin, "a dotted key path without empty segments");
            return false;
        }
        if (cur.IsNull()) cur = YAML::Node(YAML::NodeType::Map);  // "key:" with no value yet
        if (cur.IsMap()) {
            // Lookups go through a const view: yaml-cpp's non-const operator[] inserts keys.
            const YAML::Node& view = cur;
            const bool exists = view[seg].IsDefined();
            name_it(seg);
            if (last) {
                if (exists) {
                    YAML::Node child = view[seg];
                    child = value;  // set_scalar in place keeps the node's mark (file line)
                } else {
                    cur[seg] = value;
                }
                return true;
            }
            if (!exists) cur[seg] = YAML::Node(YAML::NodeType::Map);
            YAML::Node child = view[seg];
            line = MapReader::line_of(child, line);
            cur.reset(child);
        } else if (cur.IsSequence()) {
            std::size_t index = cur.size();
            std::vector<std::string> labels;
            for (std::size_t k = 0; k < cur.size(); ++k) {
                const std::string label = label_of(cur[k]);
                if (!label.empty()) labels.push_back(label);
                if (index == cur.size() && label == seg) index = k;
            }
            if (index == cur.size()) {
                std::size_t n = 0;
                auto [ptr, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), n);
                if (ec == std::errc() && ptr == seg.data() + seg.size() && n < cur.size())
                    index = n;
            }
            if (index == cur.size()) {
                // The real range: with one element the only index is 0.
                const std::string range =
                    cur.size() == 0 ? "index, but '" + path + "' is an empty list"
                    : cur.size() == 1
                        ? "index 0 of '" + path + "'"
                        : "index 0.." + std::to_string(cur.size() - 1) + " of '" + path + "'";
                sink.add(line, here, seg,
                         "an id, name or " + range +
                             (labels.empty() ? "" : ": " + MapReader::list_words(labels)) +
                             " (in " + origin + ")");
                return false;
            }
            const std::string label = label_of(cur[index]);
            name_it(label.empty() ? std::to_string(index) : label);
            if (last) {
                cur[index] = value;
                return true;
            }
            YAML::Node child = cur[index];
            line = MapReader::line_of(child, line);
            cur.reset(child);
        } else {
            sink.add(line, path, MapReader::describe(cur),
                     "a map or list that can hold '" + seg + "' (in " + origin + ")");
            return false;
        }
        path = here;
    }
    return true;
}

}  // namespace a2iot::scenarios
