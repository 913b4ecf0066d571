#include "scenarios/loader.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/bounded_file.hpp"
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

// Counts documents and nothing else. yaml-cpp 0.7's LoadAll never ends on a flow collection
// followed by a stray comma ("{a: b},"): its parser keeps reporting a new empty document at the
// same place and LoadAll keeps them all until memory runs out (upstream bug #1040). Asking the
// parser for at most two documents through this handler bounds the work; YAML::Load then builds
// the first document's tree.
class DocumentCounter : public YAML::EventHandler {
  public:
    int documents = 0;
    YAML::Mark second_start;
    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents == 2) second_start = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

void report_syntax_error(const YAML::Exception& e, const std::string& bytes, ErrorSink& sink) {
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
}

// Parses the file's text into one YAML document; reports syntax errors with their line.
std::optional<YAML::Node> parse_yaml(const std::string& bytes, ErrorSink& sink) {
    YAML::Node doc;
    try {
        std::istringstream in(bytes);
        YAML::Parser parser(in);
        DocumentCounter counter;
        while (counter.documents < 2 && parser.HandleNextDocument(counter)) {
        }
        if (counter.documents > 1) {
            const int line0 = std::max(0, counter.second_start.line);
            const std::string text = line_text(bytes, line0);
            const auto col = static_cast<std::size_t>(std::max(0, counter.second_start.column));
            // A second document that does not start with "---" is text left over after the
            // first one ended, such as the comma in "{a: b},".
            const bool separator = text.compare(col, 3, "---") == 0 || text.rfind("---", 0) == 0;
            sink.add(line0 + 1, "", separator ? std::string("---") : ErrorSink::one_line(text),
                     separator ? std::string("one YAML document per scenario file")
                               : fmt::format("valid YAML (unexpected text at column {} after the "
                                             "end of the document)",
                                             col + 1));
            return std::nullopt;
        }
        doc = YAML::Load(bytes);
    } catch (const YAML::Exception& e) {
        report_syntax_error(e, bytes, sink);
        return std::nullopt;
    }
    if (doc.IsNull()) {
        sink.add(1, "", "an empty file",
                 "a scenario: a YAML map with name, duration, devices, ...");
        return std::nullopt;
    }
    return doc;
}

// One override as applied: the text the user wrote and the path the validator will name.
struct Applied {
    std::string text;
    std::string canonical;
};

bool apply_all(YAML::Node root, const std::vector<std::string>& overrides, ErrorSink& sink,
               std::vector<Applied>* applied = nullptr) {
    bool ok = true;
    for (const auto& o : overrides) {
        std::string key, value, canonical;
        if (!split_override(o, key, value, sink) ||
            !apply_override(root, key, value, sink, "--set " + o, &canonical))
            ok = false;
        else if (applied)
            applied->push_back({o, canonical});
    }
    return ok;
}

bool under(const std::string& key, const std::string& path) {
    return key == path || (key.size() > path.size() && key.compare(0, path.size(), path) == 0 &&
                           key[path.size()] == '.');
}

// An error about a value that --set wrote is the command line's, not the file's: the file line
// the value replaced says nothing to the user. Errors that a --set duration causes elsewhere
// (events after the new end) say where the duration came from.
std::vector<common::InputError> blame_overrides(std::vector<common::InputError> errors,
                                                const std::string& file,
                                                const std::vector<Applied>& applied) {
    const Applied* duration = nullptr;
    for (const auto& a : applied)
        if (a.canonical == "duration") duration = &a;
    std::vector<common::InputError> out;
    out.reserve(errors.size());
    for (auto& e : errors) {
        const Applied* by = nullptr;
        // The value --set wrote, something below it, or (with no file line) a node that --set
        // created on the way to it: `--set models.0.variants.0=x` where the file has no
        // `variants` makes a map there.
        for (const auto& a : applied)
            if (e.file() == file &&
                (under(e.key(), a.canonical) || (e.line() == 0 && under(a.canonical, e.key()))))
                by = &a;
        if (by) {
            out.emplace_back("--set " + by->text, 0, e.key(), e.value(), e.expected());
        } else if (duration && e.file() == file &&
                   e.expected().find("scenario's duration") != std::string::npos) {
            out.emplace_back(
                e.file(), e.line(), e.key(), e.value(),
                e.expected() + " (the duration comes from --set " + duration->text + ")");
        } else {
            out.push_back(std::move(e));
        }
    }
    return out;
}

// The seed and the policy name are stored beside the hash (runs.seed, runs.policy), so an
// override of either does not make another configuration: a sweep over `policy` compares its
// policies like `run --policy` does, and seeds are replications.
bool is_run_identity_override(const std::string& o) {
    return o.rfind("seed=", 0) == 0 || o.rfind("policy=", 0) == 0 ||
           o.rfind("policy.name=", 0) == 0;
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

std::string read_scenario_file(const std::string& path) {
    const common::BoundedRead r = common::read_bounded_file(path, kMaxScenarioBytes);
    if (r.bytes) return *r.bytes;
    ErrorSink sink(path);
    if (r.is_directory)
        sink.add(1, "", path, "a scenario file (this is a folder)");
    else if (r.problem.rfind("larger than", 0) == 0)
        sink.add(1, "", path,
                 fmt::format("a scenario file of at most {} MiB", kMaxScenarioBytes >> 20));
    else if (r.problem.rfind("this is", 0) == 0 || r.problem.rfind("a kernel", 0) == 0)
        sink.add(1, "", path, "a regular scenario file (" + r.problem + ")");
    else
        sink.add(1, "", path, "a readable scenario file (" + r.problem + ")");
    throw ScenarioError(sink.take_sorted());
}

ScenarioSpec load(const std::string& path, const std::vector<std::string>& overrides) {
    return load_text(read_scenario_file(path), path, overrides);
}

ScenarioSpec load_text(const std::string& bytes, const std::string& path,
                       const std::vector<std::string>& overrides) {
    ErrorSink sink(path);
    const std::filesystem::path absolute = std::filesystem::absolute(path).lexically_normal();
    const std::string folder = absolute.parent_path().string();

    auto root = parse_yaml(bytes, sink);
    if (!root) throw ScenarioError(sink.take_sorted());
    std::vector<Applied> applied;
    apply_all(*root, overrides, sink, &applied);
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
    if (!sink.empty()) throw ScenarioError(blame_overrides(sink.take_sorted(), path, applied));

    spec.file = absolute.string();
    // Runs that differ only by seed are replications of one configuration, and runs that
    // differ only by policy name are the policies compared on it: both share its hash.
    std::vector<std::string> configuration;
    for (const auto& o : overrides)
        if (!is_run_identity_override(o)) configuration.push_back(o);
    spec.hash = fnv1a_hex(bytes, configuration);
    spec.overrides = configuration;
    spec.set_overrides = overrides;
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
