#include "scenarios/model_section_reader.hpp"

#include <algorithm>

#include "models/zoo_names.hpp"

namespace a2iot::scenarios {
namespace {

using common::Quantity;

// Variant names: base, l1-<pct>, admm-<pct>, pct = percent of filters removed (1..99).
const char* const kVariantPattern = "base|(l1|admm)-([1-9][0-9]?)";
const char* const kVariantExpected = "base, l1-<pct> or admm-<pct> with pct in 1..99";

}  // namespace

void ModelSectionReader::read(const MapReader& top) {
    const auto list = ctx_.list_section(top, "models", "a list of models", false);
    if (!list) {
        if (top.has("models")) ctx_.models_unknown = true;  // any model may have been meant
        return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node el = (*list)[i];
        read_model(el, ReadContext::element_path("models", el, i),
                   MapReader::line_of(el, top.line("models")));
    }
}

void ModelSectionReader::read_model(const YAML::Node& node, const std::string& path, int line) {
    const std::size_t errors_before = ctx_.sink.size();
    MapReader m(node, path, line, ctx_.sink, {"name", "variants", "synthetic", "input"}, "a model");
    if (!m.valid()) {
        if (node.IsScalar()) ctx_.broken_models.insert(node.Scalar());  // `- lenet`
        return;
    }
    ModelSpec model;
    model.loc = ctx_.loc(m.map_line());
    auto name = m.ident("name", kModelPattern,
                        "a model name of lowercase letters, digits, '_' and '-'", true);
    const auto& zoo = models::zoo_names();
    const bool in_zoo = name && std::find(zoo.begin(), zoo.end(), *name) != zoo.end();
    if (m.has("synthetic")) {
        MapReader s(m.node("synthetic"), m.path("synthetic"), m.line("synthetic"), ctx_.sink,
                    {"flops", "input", "output"},
                    "a synthetic task {flops: 2e8, input: 20kB, output: 2kB}");
        if (s.valid()) {
            auto flops = s.quantity("flops", Quantity::Count, Bound::Positive, true);
            auto in = s.quantity("input", Quantity::DataSize, Bound::Positive, true);
            auto out = s.quantity("output", Quantity::DataSize, Bound::Positive, true);
            if (flops && in && out) model.synthetic = SyntheticSpec{*flops, *in, *out};
        }
        if (in_zoo)
            ctx_.sink.add(m.line("name"), m.path("name"), *name,
                          "a synthetic task name that is not a zoo model (" +
                              MapReader::list_words(zoo) + ")");
        if (m.has("variants"))
            ctx_.sink.add(m.line("variants"), m.path("variants"),
                          MapReader::describe(m.node("variants")),
                          "no variants for a synthetic task (it is one opaque task)");
    } else if (name && !in_zoo) {
        ctx_.sink.add(m.line("name"), m.path("name"), *name,
                      "a model of the zoo (" + MapReader::list_words(zoo) +
                          ") or a synthetic task with `synthetic: {flops, input, output}`");
    }
    if (auto input = m.choice("input", {"fashion-mnist", "imagenet"})) {
        model.input = *input;
        if (m.has("synthetic"))
            ctx_.sink.add(m.line("input"), m.path("input"), *input,
                          "no input for a synthetic task (its sizes are given)");
    }
    if (m.has("variants") && !m.has("synthetic")) {
        const YAML::Node v = m.node("variants");
        if (!v.IsSequence()) {
            ctx_.sink.add(m.line("variants"), m.path("variants"), MapReader::describe(v),
                          "a list of variants such as [base, l1-50]");
        } else {
            for (std::size_t k = 0; k < v.size(); ++k) {
                const std::string vpath = m.path("variants") + "." + std::to_string(k);
                const int vline = MapReader::line_of(v[k], m.line("variants"));
                if (!v[k].IsScalar() || !MapReader::matches(v[k].Scalar(), kVariantPattern)) {
                    ctx_.sink.add(vline, vpath, MapReader::describe(v[k]), kVariantExpected);
                    continue;
                }
                const std::string& s = v[k].Scalar();
                if (std::find(model.variants.begin(), model.variants.end(), s) !=
                    model.variants.end()) {
                    ctx_.sink.add(vline, vpath, s, "each variant once");
                    continue;
                }
                if (model.input == "imagenet" && s != "base") {
                    ctx_.sink.add(vline, vpath, s,
                                  "base (an imagenet input has one untrained full-width variant)");
                    continue;
                }
                model.variants.push_back(s);
            }
        }
    }
    if (!name) {
        // An invalid name: a workload naming the same text follows from this error.
        if (m.node("name").IsScalar()) ctx_.broken_models.insert(m.node("name").Scalar());
        return;
    }
    if (auto it = ctx_.model_lines.find(*name); it != ctx_.model_lines.end()) {
        ctx_.sink.add(
            m.line("name"), m.path("name"), *name,
            "a unique model name (already declared at line " + std::to_string(it->second) + ")");
        return;
    }
    ctx_.model_lines[*name] = m.map_line();
    if (ctx_.sink.size() != errors_before) return;
    model.name = *name;
    ctx_.spec.models.push_back(std::move(model));
}

}  // namespace a2iot::scenarios
