#include "scenarios/policy_section_reader.hpp"

namespace a2iot::scenarios {
namespace {

const char* const kParamPattern = "[A-Za-z0-9_-]+";

}  // namespace

void PolicySectionReader::read(const MapReader& top) {
    const std::string expected = "a policy name or {name: NAME, params: {KEY: VALUE}}";
    ctx_.spec.policy.loc = ctx_.loc(top.line("policy"));
    if (!top.has("policy")) {
        // Documented default: run on the terminal itself, the baseline every study compares to.
        ctx_.spec.policy.name = "local";
        ctx_.spec.policy.loc = ctx_.loc(0);
        return;
    }
    const YAML::Node node = top.node("policy");
    const std::string name_expected = "a policy name of lowercase letters, digits, '_' and '-'";
    if (node.IsScalar()) {
        if (!MapReader::matches(node.Scalar(), kModelPattern))
            ctx_.sink.add(top.line("policy"), "policy", node.Scalar(), name_expected);
        else
            ctx_.spec.policy.name = node.Scalar();
        return;
    }
    MapReader m(node, "policy", top.line("policy"), ctx_.sink, {"name", "params"}, expected);
    if (!m.valid()) return;
    if (auto name = m.ident("name", kModelPattern, name_expected, true))
        ctx_.spec.policy.name = *name;
    if (!m.has("params")) return;
    // Param keys are the policy's business, so they are checked there (PolicyParams); here only
    // their shape: plain keys with scalar values.
    const YAML::Node p = m.node("params");
    const std::string ppath = m.path("params");
    if (!p.IsMap()) {
        ctx_.sink.add(m.line("params"), ppath, MapReader::describe(p),
                      "policy parameters {KEY: VALUE} (got " + MapReader::type_name(p) + ")");
        return;
    }
    for (auto it = p.begin(); it != p.end(); ++it) {
        const int kline = MapReader::line_of(it->first, m.line("params"));
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
        if (!it->first.IsScalar() || !MapReader::matches(key, kParamPattern)) {
            ctx_.sink.add(kline, ppath, MapReader::describe(it->first),
                          "a parameter name of letters, digits, '_' and '-'");
            continue;
        }
        if (!it->second.IsScalar()) {
            ctx_.sink.add(MapReader::line_of(it->second, kline), MapReader::join(ppath, key),
                          MapReader::describe(it->second),
                          "a scalar value (got " + MapReader::type_name(it->second) + ")");
            continue;
        }
        if (ctx_.spec.policy.params.count(key)) {
            ctx_.sink.add(kline, MapReader::join(ppath, key), key, "each parameter once");
            continue;
        }
        ctx_.spec.policy.params[key] = it->second.Scalar();
    }
}

}  // namespace a2iot::scenarios
