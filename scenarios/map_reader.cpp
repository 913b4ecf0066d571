#include "scenarios/map_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <mutex>
#include <regex>

#include "common/did_you_mean.hpp"
#include "common/unit_error.hpp"

namespace a2iot::scenarios {

MapReader::MapReader(const YAML::Node& node, std::string path, int fallback_line, ErrorSink& sink,
                     std::vector<std::string> allowed, const std::string& what)
    : path_(std::move(path)), line_(line_of(node, fallback_line)), sink_(sink) {
    if (!node.IsMap()) {
        sink_.add(line_, path_, describe(node), what + " (a map of keys)");
        return;
    }
    valid_ = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
        // A key added by --set has no mark: line 0 says "not from the file".
        const int key_line = line_of(it->first, 0);
        if (!it->first.IsScalar()) {
            sink_.add(key_line, path_, describe(it->first),
                      "a plain key, one of " + list_words(allowed, 64));
            continue;
        }
        const std::string key = it->first.Scalar();
        bool known = false;
        for (const auto& a : allowed) known = known || a == key;
        if (!known) {
            // "<<" is YAML 1.1's merge key, which yaml-cpp reads as a plain key.
            sink_.add(key_line, join(path_, key), key,
                      "a known key, one of " + list_words(allowed, 64) +
                          (key == "<<" ? " (YAML merge keys are not supported)" : "") +
                          did_you_mean(key, allowed));
            continue;
        }
        if (const Entry* first = find(key)) {
            // yaml-cpp keeps both entries of a duplicated key; YAML 1.2 says keys are unique.
            sink_.add(
                key_line, join(path_, key), key,
                "each key once (first given at line " + std::to_string(first->key_line) + ")");
            continue;
        }
        entries_.push_back({key, it->second, key_line});
    }
}

const MapReader::Entry* MapReader::find(const std::string& key) const {
    for (const auto& e : entries_)
        if (e.key == key) return &e;
    return nullptr;
}

bool MapReader::has(const std::string& key) const {
    return find(key) != nullptr;
}

YAML::Node MapReader::node(const std::string& key) const {
    const Entry* e = find(key);
    return e ? e->value : YAML::Node(YAML::NodeType::Undefined);
}

int MapReader::line(const std::string& key) const {
    const Entry* e = find(key);
    if (!e) return line_;
    // An empty value's mark points past the key (to the next token): use the key's line.
    if (e->value.IsNull()) return e->key_line;
    return line_of(e->value, e->key_line);
}

bool MapReader::require(const std::string& key, const std::string& expected) const {
    sink_.add(line_, join(path_, key), "", expected + " (this key is required)");
    return false;
}

const MapReader::Entry* MapReader::scalar_entry(const std::string& key, const std::string& expected,
                                                bool required) const {
    const Entry* e = find(key);
    if (!e) {
        if (required && valid_) require(key, expected);
        return nullptr;
    }
    if (!e->value.IsScalar()) {
        sink_.add(line(key), join(path_, key), describe(e->value),
                  expected + " (got " + type_name(e->value) + ")");
        return nullptr;
    }
    return e;
}

std::optional<std::string> MapReader::scalar(const std::string& key, const std::string& expected,
                                             bool required) const {
    const Entry* e = scalar_entry(key, expected, required);
    if (!e) return std::nullopt;
    return e->value.Scalar();
}

std::optional<std::string> MapReader::ident(const std::string& key, const std::string& pattern,
                                            const std::string& expected, bool required) const {
    const Entry* e = scalar_entry(key, expected, required);
    if (!e) return std::nullopt;
    const std::string& v = e->value.Scalar();
    if (!matches(v, pattern)) {
        sink_.add(line(key), join(path_, key), v, expected);
        return std::nullopt;
    }
    return v;
}

std::optional<std::string> MapReader::choice(const std::string& key,
                                             const std::vector<std::string>& choices,
                                             bool required) const {
    const std::string expected = "one of " + list_words(choices, 64);
    const Entry* e = scalar_entry(key, expected, required);
    if (!e) return std::nullopt;
    const std::string& v = e->value.Scalar();
    for (const auto& c : choices)
        if (c == v) return v;
    sink_.add(line(key), join(path_, key), v, expected);
    return std::nullopt;
}

std::optional<double> MapReader::quantity(const std::string& key, common::Quantity q, Bound bound,
                                          bool required) const {
    const Entry* e = find(key);
    if (!e) {
        if (required && valid_) require(key, common::expected_units(q));
        return std::nullopt;
    }
    return parse(e->value, q, bound, join(path_, key), line(key), sink_);
}

std::optional<long long> MapReader::integer(const std::string& key, long long lo, long long hi,
                                            bool required) const {
    const Entry* e = find(key);
    if (!e) {
        if (required && valid_)
            require(key, "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return std::nullopt;
    }
    return parse_integer(e->value, lo, hi, join(path_, key), line(key), sink_);
}

std::optional<double> MapReader::parse(const YAML::Node& node, common::Quantity q, Bound bound,
                                       const std::string& path, int line, ErrorSink& sink) {
    std::string expected = common::expected_units(q);
    if (bound == Bound::Positive) expected = "a positive value: " + expected;
    if (bound == Bound::NonNegative) expected = "a value >= 0: " + expected;
    if (!node.IsScalar()) {
        sink.add(line, path, describe(node), expected + " (got " + type_name(node) + ")");
        return std::nullopt;
    }
    double v = 0;
    try {
        v = common::parse_quantity(node.Scalar(), q);
    } catch (const common::UnitError& e) {
        sink.add(line, path, e.value(), e.expected());
        return std::nullopt;
    }
    if ((bound == Bound::Positive && !(v > 0)) || (bound == Bound::NonNegative && !(v >= 0)) ||
        !std::isfinite(v)) {
        sink.add(line, path, node.Scalar(), expected);
        return std::nullopt;
    }
    return v;
}

std::optional<long long> MapReader::parse_integer(const YAML::Node& node, long long lo,
                                                  long long hi, const std::string& path, int line,
                                                  ErrorSink& sink) {
    const std::string expected =
        "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    if (!node.IsScalar()) {
        sink.add(line, path, describe(node), expected + " (got " + type_name(node) + ")");
        return std::nullopt;
    }
    const std::string& s = node.Scalar();
    long long v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || v < lo || v > hi) {
        sink.add(line, path, s, expected);
        return std::nullopt;
    }
    return v;
}

std::string MapReader::did_you_mean(const std::string& word,
                                    const std::vector<std::string>& candidates) {
    return common::did_you_mean(word, candidates);
}

bool MapReader::matches(const std::string& text, const std::string& pattern) {
    // Compiling a std::regex costs far more than matching a short id; scenarios are loaded
    // thousands of times in sweeps and tests.
    static std::mutex mutex;
    static std::map<std::string, std::regex> cache;
    const std::regex* re = nullptr;
    {
        std::lock_guard lock(mutex);
        auto it = cache.find(pattern);
        if (it == cache.end()) it = cache.emplace(pattern, std::regex(pattern)).first;
        re = &it->second;  // std::map nodes are stable
    }
    return std::regex_match(text, *re);
}

int MapReader::line_of(const YAML::Node& node, int fallback) {
    // yaml-cpp marks are 0-based; nodes created by --set have no mark (line -1).
    if (!node.IsDefined()) return fallback;
    const int l = node.Mark().line;
    return l >= 0 ? l + 1 : fallback;
}

std::string MapReader::type_name(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map:
            return "a map";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Null:
            return "an empty value";
        case YAML::NodeType::Scalar:
            return "a scalar";
        case YAML::NodeType::Undefined:
            return "nothing";
    }
    return "?";
}

std::string MapReader::describe(const YAML::Node& node) {
    if (!node.IsDefined()) return "";
    if (node.IsScalar()) return node.Scalar();
    if (node.IsNull()) return "null";
    YAML::Emitter out;
    out.SetMapFormat(YAML::Flow);
    out.SetSeqFormat(YAML::Flow);
    out << node;
    return out.c_str();
}

std::string MapReader::join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

std::string MapReader::list_words(const std::vector<std::string>& words, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < words.size() && i < max; ++i) {
        if (i) out += ", ";
        out += words[i];
    }
    if (words.size() > max) out += ", ... (" + std::to_string(words.size()) + " in all)";
    return out;
}

}  // namespace a2iot::scenarios
