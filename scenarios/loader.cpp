#include "scenarios/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenarios/error_sink.hpp"
#include "scenarios/map_reader.hpp"
#include "scenarios/overrides.hpp"
#include "scenarios/scenario_reader.hpp"

namespace a2iot::scenarios {
namespace {

// Scenarios are hand-written; even a 100000-device group takes one line.
constexpr std::size_t kMaxScenarioBytes = std::size_t{16} << 20;

// FNV-1a 64: tiny, stable across platforms and releases (std::hash is neither), and the hash
// only has to tell inputs apart in the results database, not resist attackers.
std::string fnv1a_hex(const std::string& bytes, const std::vector<std::string>& overrides) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto feed = [&h](unsigned char c) {
        h ^= c;
        h *= 0x100000001b3ULL;
    };
    for (char c : bytes) feed(static_cast<unsigned char>(c));
    for (const auto& o : overrides) {
        feed(0);  // separator: ["ab"] and ["a", "b"] must differ
        for (char c : o) feed(static_cast<unsigned char>(c));
    }
    return fmt::format("{:016x}", h);
}

std::string line_text(const std::string& bytes, int line0) {
    std::istringstream in(bytes);
    std::string text;
    for (int i = 0; i <= line0 && std::getline(in, text); ++i) {
    }
    return text;
}

// Parses the file's text into one YAML document; reports syntax errors with their line.
std::optional<YAML::Node> parse_yaml(const std::string& bytes, ErrorSink& sink) {
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(bytes);
    } catch (const YAML::Exception& e) {
        int line0 = e.mark.line >= 0 ? e.mark.line : 0;
        std::string text = line_text(bytes, line0);
        std::string where;
        // An unclosed bracket is only noticed at the end of the file: point at the last line
        // with text, which is usually where the bracket was opened or the text was cut.
        while (text.find_first_not_of(" \t\r") == std::string::npos && line0 > 0) {
            text = line_text(bytes, --line0);
            where = ", at the end of the file";
        }
        if (text.find_first_not_of(" \t\r") == std::string::npos) text = "end of file";
        // YAML forbids tabs for indentation, and yaml-cpp's message does not say so.
        const std::string hint =
            text.find('\t') != std::string::npos ? "; tabs are not allowed for indentation" : "";
        sink.add(line0 + 1, "", text,
                 where.empty() ? fmt::format("valid YAML (yaml-cpp: {} at column {}{})", e.msg,
                                             e.mark.column + 1, hint)
                               : fmt::format("valid YAML (yaml-cpp: {}{}{})", e.msg, where, hint));
        return std::nullopt;
    }
    if (docs.size() > 1) {
        sink.add(MapReader::line_of(docs[1], 1), "", "---", "one YAML document per scenario file");
        return std::nullopt;
    }
    if (docs.empty() || docs[0].IsNull()) {
        sink.add(1, "", "an empty file",
                 "a scenario: a YAML map with name, duration, devices, ...");
        return std::nullopt;
    }
    return docs[0];
}

bool apply_all(YAML::Node root, const std::vector<std::string>& overrides, ErrorSink& sink) {
    bool ok = true;
    for (const auto& o : overrides) {
        std::string key, value;
        if (!split_override(o, key, value, sink) ||
            !apply_override(root, key, value, sink, "--set " + o))
            ok = false;
    }
    return ok;
}

// Each sweep value is applied on its own to a fresh tree and validated, so that a bad value
// (a count of "abc", a path to a key that does not exist) fails at load time rather than in the
// middle of a long sweep. Errors are reported at the value's line.
void check_sweep(const std::string& file, const std::string& folder, const std::string& bytes,
                 const std::vector<std::string>& overrides, const ScenarioSpec& spec,
                 ErrorSink& sink) {
    for (const auto& axis : spec.sweep) {
        for (std::size_t k = 0; k < axis.values.size(); ++k) {
            ErrorSink local(file);
            auto root = parse_yaml(bytes, local);
            if (!root) return;
            apply_all(*root, overrides, local);
            const std::string point = axis.key + "=" + axis.values[k];
            bool structural =
                !apply_override(*root, axis.key, axis.values[k], local, "sweep " + point);
            if (!structural) ScenarioReader(file, folder, local).read(*root);
            const std::string vpath = "sweep." + axis.key + "." + std::to_string(k);
            for (const auto& e : local.errors()) {
                sink.add(axis.value_lines[k], vpath, axis.values[k],
                         e.expected() + " (at " + (e.key().empty() ? axis.key : e.key()) + ")");
                // An error about something other than the value itself (an unknown key, a list
                // element that does not exist) repeats for every value.
                structural = structural || e.value() != ErrorSink::one_line(axis.values[k]);
            }
            // A path that does not fit the scenario fails for every value: say it once.
            if (structural && !local.empty()) break;
        }
    }
}

}  // namespace

ScenarioSpec load(const std::string& path, const std::vector<std::string>& overrides) {
    ErrorSink sink(path);
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        sink.add(1, "", path, "a scenario file (this is a folder)");
        throw ScenarioError(sink.take_sorted());
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        sink.add(1, "", path,
                 std::string("a readable scenario file (") + std::strerror(errno) + ")");
        throw ScenarioError(sink.take_sorted());
    }
    // Read with a cap: a path such as /dev/zero or a huge file must fail, not eat the memory.
    std::string bytes;
    std::vector<char> chunk(std::size_t{1} << 16);
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        bytes.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > kMaxScenarioBytes) {
            sink.add(1, "", path,
                     fmt::format("a scenario file of at most {} MiB", kMaxScenarioBytes >> 20));
            throw ScenarioError(sink.take_sorted());
        }
    }
    if (in.bad()) {
        sink.add(1, "", path, "a readable scenario file (read error)");
        throw ScenarioError(sink.take_sorted());
    }

    const std::filesystem::path absolute = std::filesystem::absolute(path).lexically_normal();
    const std::string folder = absolute.parent_path().string();

    auto root = parse_yaml(bytes, sink);
    if (!root) throw ScenarioError(sink.take_sorted());
    apply_all(*root, overrides, sink);
    ScenarioSpec spec = ScenarioReader(path, folder, sink).read(*root);
    // A sweep point (overrides that set every axis) was just validated whole; checking each
    // axis value again would multiply the cost of loading every point of a sweep.
    bool is_point = true;
    for (const auto& axis : spec.sweep) {
        bool set = false;
        for (const auto& o : overrides) set = set || o.rfind(axis.key + "=", 0) == 0;
        is_point = is_point && set;
    }
    if (sink.empty() && !(is_point && !spec.sweep.empty()))
        check_sweep(path, folder, bytes, overrides, spec, sink);
    if (!sink.empty()) throw ScenarioError(sink.take_sorted());

    spec.file = absolute.string();
    spec.hash = fnv1a_hex(bytes, overrides);
    spec.overrides = overrides;
    return spec;
}

std::vector<std::vector<std::string>> sweep_points(const ScenarioSpec& spec) {
    std::vector<std::vector<std::string>> points{{}};
    for (const auto& axis : spec.sweep) {
        std::vector<std::vector<std::string>> next;
        next.reserve(points.size() * axis.values.size());
        // Earlier axes vary slowest: each existing point is extended by every value in order.
        for (const auto& p : points) {
            for (const auto& v : axis.values) {
                auto q = p;
                q.push_back(axis.key + "=" + v);
                next.push_back(std::move(q));
            }
        }
        points = std::move(next);
    }
    return points;
}

}  // namespace a2iot::scenarios
