#include "analysis/regression_golden.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "analysis/metric.hpp"
#include "common/input_error.hpp"

namespace a2iot::analysis {

namespace {

using nlohmann::json;

constexpr const char* kFormat = "a2iot-regression-golden";
constexpr int kVersion = 1;
constexpr const char* kUnfinished = "unfinished";

// 12 significant digits: far below any tolerance, and free of last-bit noise in the text.
double rounded(double v) {
    return std::stod(fmt::format("{:.12g}", v));
}

json value_json(const std::optional<double>& v) {
    if (!v) return nullptr;
    if (std::isinf(*v)) return *v > 0 ? json(kUnfinished) : json(nullptr);
    return rounded(*v);
}

int line_of(const std::string& text, std::size_t byte) {
    return 1 + static_cast<int>(
                   std::count(text.begin(), text.begin() + std::min(byte, text.size()), '\n'));
}

class Reader {
  public:
    explicit Reader(std::string path) : path_(std::move(path)) {}
    [[noreturn]] void fail(const std::string& key, const json& value,
                           const std::string& expected) const {
        std::string shown = value.is_null() ? "null" : value.dump();
        if (shown.size() > 60) shown = shown.substr(0, 60) + "...";
        throw common::InputError(path_, 0, key, shown, expected);
    }
    const json& field(const json& obj, const std::string& prefix, const char* name) const {
        if (!obj.contains(name))
            fail(prefix + name, nullptr, "a field '" + std::string(name) + "'");
        return obj.at(name);
    }
    std::string text(const json& obj, const std::string& prefix, const char* name) const {
        const auto& v = field(obj, prefix, name);
        if (!v.is_string()) fail(prefix + name, v, "a string");
        return v.get<std::string>();
    }
    double number(const json& v, const std::string& key) const {
        if (!v.is_number() || !std::isfinite(v.get<double>())) fail(key, v, "a finite number");
        return v.get<double>();
    }

  private:
    std::string path_;
};

}  // namespace

std::string GoldenRun::describe() const {
    return fmt::format("{} / {} / seed {} / overrides {}", scenario, policy, seed,
                       overrides.empty() ? "none" : overrides);
}

RegressionGolden RegressionGolden::load(const std::string& path) {
    const char* expected = "a regression golden (JSON, written by `a2iot regress ... --update`)";
    if (std::filesystem::is_directory(path))
        throw common::InputError("", 0, "--baseline", path,
                                 std::string(expected) + ": it is a folder");
    if (!std::filesystem::is_regular_file(path))
        throw common::InputError("", 0, "--baseline", path,
                                 std::string(expected) +
                                     "; record one with `a2iot regress "
                                     "SCENARIO... --baseline " +
                                     path + " --update`");
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    if (text.rfind("SQLite format 3", 0) == 0)
        throw common::InputError("", 0, "--baseline", path,
                                 std::string(expected) +
                                     "; this is an old SQLite baseline: re-record it as text with "
                                     "--update (tests/regression/update-baselines.sh)");
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        throw common::InputError(path, line_of(text, e.byte), "--baseline", path,
                                 std::string(expected) + ": it is not valid JSON here");
    }
    const Reader r(path);
    if (!doc.is_object()) r.fail("(top level)", doc, "a JSON object");
    if (r.text(doc, "", "format") != kFormat) r.fail("format", doc["format"], kFormat);
    const auto& version = r.field(doc, "", "version");
    if (!version.is_number_integer() || version.get<int>() != kVersion)
        r.fail("version", version, std::to_string(kVersion));

    RegressionGolden g;
    if (doc.contains("tolerances")) {
        const auto& tols = doc["tolerances"];
        if (!tols.is_object()) r.fail("tolerances", tols, "an object METRIC: {pct, abs}");
        for (const auto& [metric, t] : tols.items()) {
            const std::string key = "tolerances." + metric;
            bool checked = false;
            for (const auto& c : g.tolerances_.checked()) checked = checked || c.metric == metric;
            if (!checked) r.fail(key, metric, "a checked metric (see `a2iot regress --help`)");
            if (!t.is_object()) r.fail(key, t, "an object {\"pct\": PCT, \"abs\": SI}");
            const double pct = r.number(r.field(t, key + ".", "pct"), key + ".pct");
            const double abs = r.number(r.field(t, key + ".", "abs"), key + ".abs");
            if (pct < 0 || abs < 0) r.fail(key, t, "non-negative pct and abs");
            g.tolerances_.set(metric, pct, abs);
        }
    }
    const auto& runs = r.field(doc, "", "runs");
    if (!runs.is_array()) r.fail("runs", runs, "an array of runs");
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& j = runs[i];
        const std::string prefix = fmt::format("runs[{}].", i);
        if (!j.is_object()) r.fail(prefix, j, "an object");
        GoldenRun run;
        run.scenario = r.text(j, prefix, "scenario");
        run.scenario_hash = r.text(j, prefix, "scenario_hash");
        run.policy = r.text(j, prefix, "policy");
        run.overrides = r.text(j, prefix, "overrides");
        const auto& seed = r.field(j, prefix, "seed");
        if (!seed.is_number_integer()) r.fail(prefix + "seed", seed, "an integer");
        run.seed = seed.get<std::int64_t>();
        const auto& metrics = r.field(j, prefix, "metrics");
        if (!metrics.is_object()) r.fail(prefix + "metrics", metrics, "an object METRIC: value");
        for (const auto& [name, v] : metrics.items()) {
            const std::string key = prefix + "metrics." + name;
            bool known = false;
            for (const auto& m : all_metrics()) known = known || m.name == name;
            if (!known) r.fail(key, name, "a metric name (see `a2iot compare --help`)");
            if (v.is_null())
                run.metrics[name] = std::nullopt;
            else if (v.is_string() && v.get<std::string>() == kUnfinished)
                run.metrics[name] = INFINITY;
            else
                run.metrics[name] = r.number(v, key);
        }
        if (g.find(run))
            r.fail(prefix, run.describe(),
                   "one entry per (scenario_hash, policy, seed, overrides)");
        g.runs_.push_back(std::move(run));
    }
    return g;
}

std::string RegressionGolden::to_text() const {
    json tols = json::object();
    for (const auto& t : tolerances_.checked())
        tols[t.metric] = {{"pct", rounded(t.pct)}, {"abs", rounded(t.abs_floor)}};
    auto sorted = runs_;
    std::sort(sorted.begin(), sorted.end(), [](const GoldenRun& a, const GoldenRun& b) {
        return std::tie(a.scenario, a.policy, a.seed, a.overrides, a.scenario_hash) <
               std::tie(b.scenario, b.policy, b.seed, b.overrides, b.scenario_hash);
    });
    json runs = json::array();
    for (const auto& r : sorted) {
        json metrics = json::object();
        for (const auto& [name, v] : r.metrics) metrics[name] = value_json(v);
        runs.push_back({{"scenario", r.scenario},
                        {"scenario_hash", r.scenario_hash},
                        {"policy", r.policy},
                        {"seed", r.seed},
                        {"overrides", r.overrides},
                        {"metrics", metrics}});
    }
    const json doc = {
        {"format", kFormat}, {"version", kVersion}, {"tolerances", tols}, {"runs", runs}};
    return doc.dump(2) + "\n";
}

void RegressionGolden::save(const std::string& path) const {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << to_text();
        if (!out.flush()) throw std::runtime_error(path + ": cannot write the regression golden");
    }
    std::filesystem::rename(tmp, path);
}

const GoldenRun* RegressionGolden::find(const GoldenRun& key) const {
    for (const auto& r : runs_)
        if (r.same_key(key)) return &r;
    return nullptr;
}

int RegressionGolden::upsert(GoldenRun run) {
    const auto stale = [&](const GoldenRun& r) {
        return r.same_key(run) || (r.scenario == run.scenario && r.policy == run.policy &&
                                   r.seed == run.seed && r.overrides == run.overrides);
    };
    const auto before = runs_.size();
    runs_.erase(std::remove_if(runs_.begin(), runs_.end(), stale), runs_.end());
    const int replaced = static_cast<int>(before - runs_.size());
    runs_.push_back(std::move(run));
    return replaced;
}

}  // namespace a2iot::analysis
