#pragma once
// Typed access to one YAML map of a scenario. Every problem (unknown key, duplicate key, wrong
// type, bad value) goes to the ErrorSink with the key path and line, and the getter returns
// nullopt so that reading continues and all errors of a file are found in one pass.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "common/units.hpp"
#include "scenarios/error_sink.hpp"

namespace a2iot::scenarios {

// Sign rules for quantities: parse_quantity leaves them to the caller.
enum class Bound { Any, NonNegative, Positive };

class MapReader {
  public:
    // `what` names the map in the "expected" text when `node` is not a map ("a device").
    MapReader(const YAML::Node& node, std::string path, int fallback_line, ErrorSink& sink,
              std::vector<std::string> allowed, const std::string& what);

    bool valid() const { return valid_; }
    bool has(const std::string& key) const;
    YAML::Node node(const std::string& key) const;
    // Line of the value (of the key when the value is empty), 1-based.
    int line(const std::string& key) const;
    int map_line() const { return line_; }
    const std::string& path() const { return path_; }
    std::string path(const std::string& key) const { return join(path_, key); }
    ErrorSink& sink() const { return sink_; }

    // Reports a required key that is absent. Returns false so callers can `return m.require(..)`.
    bool require(const std::string& key, const std::string& expected) const;

    std::optional<std::string> scalar(const std::string& key, const std::string& expected,
                                      bool required = false) const;
    // A scalar that must match `pattern` (an ECMAScript regex, whole match).
    std::optional<std::string> ident(const std::string& key, const std::string& pattern,
                                     const std::string& expected, bool required = false) const;
    std::optional<std::string> choice(const std::string& key,
                                      const std::vector<std::string>& choices,
                                      bool required = false) const;
    std::optional<double> quantity(const std::string& key, common::Quantity q, Bound bound,
                                   bool required = false) const;
    std::optional<long long> integer(const std::string& key, long long lo, long long hi,
                                     bool required = false) const;

    // Helpers shared with list handling.
    static int line_of(const YAML::Node& node, int fallback);
    static std::string describe(const YAML::Node& node);
    static std::string join(const std::string& path, const std::string& key);
    static std::string type_name(const YAML::Node& node);
    // Checks a scalar against a quantity; reports and returns nullopt when bad.
    static std::optional<double> parse(const YAML::Node& node, common::Quantity q, Bound bound,
                                       const std::string& path, int line, ErrorSink& sink);
    static std::optional<long long> parse_integer(const YAML::Node& node, long long lo,
                                                  long long hi, const std::string& path, int line,
                                                  ErrorSink& sink);
    static std::string list_words(const std::vector<std::string>& words, std::size_t max = 12);
    // " (did you mean 'x'?)" for the candidate within a typo's distance of `word`, else "".
    static std::string did_you_mean(const std::string& word,
                                    const std::vector<std::string>& candidates);
    // Whole-string match against an ECMAScript regex, compiled once per pattern.
    static bool matches(const std::string& text, const std::string& pattern);

  private:
    // Value node and key line for each allowed key present (first occurrence).
    struct Entry {
        std::string key;
        YAML::Node value;
        int key_line;
    };
    const Entry* find(const std::string& key) const;
    // A value that must be a scalar: reports a map, list or empty value.
    const Entry* scalar_entry(const std::string& key, const std::string& expected,
                              bool required) const;

    std::string path_;
    int line_;
    ErrorSink& sink_;
    bool valid_ = false;
    std::vector<Entry> entries_;
};

}  // namespace a2iot::scenarios
