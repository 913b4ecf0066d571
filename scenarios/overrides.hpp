#pragma once
// --set KEY.PATH=VALUE and sweep points, applied to the YAML tree before validation so that an
// overridden value is checked exactly like one written in the file.
#include <yaml-cpp/yaml.h>

#include <string>

#include "scenarios/error_sink.hpp"

namespace a2iot::scenarios {

// Sets the scalar at `key_path` (dot-separated). A segment that meets a list selects the element
// whose `id` (or `name`) equals it, or else a numeric index. Missing map keys are created (the
// validator then rejects unknown ones); a path through a scalar or a list element that does not
// exist is reported to `sink` and nothing is changed. Returns true when applied.
// `canonical`, when given, receives the path as the validator names it (a list element by its id
// or name when it has one, else by index), so that errors about the value can be blamed on the
// override that set it rather than on a file line.
bool apply_override(YAML::Node root, const std::string& key_path, const std::string& value,
                    ErrorSink& sink, const std::string& origin, std::string* canonical = nullptr);

// Splits "KEY=VALUE" at the first '='. Returns false (and reports) when there is no '=' or no key.
bool split_override(const std::string& text, std::string& key, std::string& value, ErrorSink& sink);

}  // namespace a2iot::scenarios
