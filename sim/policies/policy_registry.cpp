#include "sim/policies/policy_registry.hpp"

#include <fmt/core.h>

#include "common/input_error.hpp"
#include "sim/policies/cloud_policy.hpp"
#include "sim/policies/edge_policy.hpp"
#include "sim/policies/local_policy.hpp"

namespace a2iot::sim {

std::map<std::string, PolicyRegistry::Entry>& PolicyRegistry::entries() {
    // The baselines are inserted here rather than by static registrars in their own files:
    // a registrar in an otherwise unreferenced object of a static library is dropped by the
    // linker, and every runtime needs at least these three.
    static std::map<std::string, Entry> map = [] {
        std::map<std::string, Entry> m;
        m["local"] = {[](const PolicyParams& p) { return std::make_unique<LocalPolicy>(p); },
                      "run everything on the requesting device (the most accurate variant that "
                      "fits its memory)"};
        m["edge"] = {[](const PolicyParams& p) { return std::make_unique<EdgePolicy>(p); },
                     "ship the input to the least-loaded reachable edge server"};
        m["cloud"] = {[](const PolicyParams& p) { return std::make_unique<CloudPolicy>(p); },
                      "ship the input to a reachable cloud server"};
        return m;
    }();
    return map;
}

bool PolicyRegistry::add(const std::string& name, Factory factory, std::string summary) {
    auto& m = entries();
    if (m.count(name)) return false;
    m[name] = Entry{std::move(factory), std::move(summary)};
    return true;
}

std::unique_ptr<Policy> PolicyRegistry::create(const PolicyParams& params) {
    const auto& m = entries();
    auto it = m.find(params.name());
    if (it == m.end()) {
        std::string known;
        for (const auto& [n, e] : m) known += (known.empty() ? "" : ", ") + n;
        throw common::InputError(params.spec().loc.file, params.spec().loc.line, "policy",
                                 params.name(), "one of the registered policies: " + known);
    }
    return it->second.factory(params);
}

std::vector<std::string> PolicyRegistry::names() {
    std::vector<std::string> out;
    for (const auto& [n, e] : entries()) out.push_back(n);
    return out;
}

std::string PolicyRegistry::summary(const std::string& name) {
    const auto& m = entries();
    auto it = m.find(name);
    return it == m.end() ? std::string{} : it->second.summary;
}

}  // namespace a2iot::sim
