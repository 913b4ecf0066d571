#include "scenarios/sweep_section_reader.hpp"

#include <algorithm>

namespace a2iot::scenarios {
namespace {

// The cross product of a sweep is run point by point; beyond this it is surely a typo.
constexpr std::size_t kMaxSweepPoints = 10000;

}  // namespace

void SweepSectionReader::read(const MapReader& top) {
    if (!top.has("sweep")) return;
    const YAML::Node node = top.node("sweep");
    if (!node.IsMap()) {
        ctx_.sink.add(
            top.line("sweep"), "sweep", MapReader::describe(node),
            "a map from key paths to lists of values (got " + MapReader::type_name(node) + ")");
        return;
    }
    std::size_t points = 1;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const int kline = MapReader::line_of(it->first, top.line("sweep"));
        if (!it->first.IsScalar() || it->first.Scalar().empty()) {
            ctx_.sink.add(kline, "sweep", MapReader::describe(it->first), "a dotted key path");
            continue;
        }
        const std::string key = it->first.Scalar();
        const std::string path = "sweep." + key;
        const std::string head = key.substr(0, key.find('.'));
        if (head == "sweep" || head == "name") {
            ctx_.sink.add(kline, path, key, "a key other than name and sweep");
            continue;
        }
        if (std::any_of(ctx_.spec.sweep.begin(), ctx_.spec.sweep.end(),
                        [&](const SweepAxis& a) { return a.key == key; })) {
            ctx_.sink.add(kline, path, key, "each key once");
            continue;
        }
        const YAML::Node values = it->second;
        if (!values.IsSequence() || values.size() == 0) {
            ctx_.sink.add(MapReader::line_of(values, kline), path, MapReader::describe(values),
                          "a non-empty list of values");
            continue;
        }
        SweepAxis axis;
        axis.key = key;
        axis.loc = ctx_.loc(kline);
        bool ok = true;
        for (std::size_t k = 0; k < values.size(); ++k) {
            const int vline = MapReader::line_of(values[k], kline);
            if (!values[k].IsScalar()) {
                ctx_.sink.add(vline, path + "." + std::to_string(k), MapReader::describe(values[k]),
                              "a scalar value");
                ok = false;
                continue;
            }
            axis.values.push_back(values[k].Scalar());
            axis.value_lines.push_back(vline);
        }
        if (!ok) continue;
        points *= axis.values.size();
        if (points > kMaxSweepPoints) {
            ctx_.sink.add(kline, path, std::to_string(axis.values.size()) + " values",
                          "a sweep of at most " + std::to_string(kMaxSweepPoints) + " points");
            return;
        }
        ctx_.spec.sweep.push_back(std::move(axis));
    }
}

}  // namespace a2iot::scenarios
