#include "analysis/report_series.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

namespace a2iot::analysis {

std::string device_group(const std::string& device) {
    const auto dash = device.rfind('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == device.size()) return device;
    for (std::size_t i = dash + 1; i < device.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(device[i]))) return device;
    return device.substr(0, dash);
}

std::vector<CdfPoint> empirical_cdf(const std::vector<double>& sorted, std::size_t max_points,
                                    std::size_t total) {
    std::vector<CdfPoint> out;
    const std::size_t n = sorted.size();
    if (n == 0) return out;
    const double dn = static_cast<double>(std::max(total, n));
    if (max_points < 2) max_points = 2;
    if (n <= max_points) {
        for (std::size_t i = 0; i < n; ++i)
            out.push_back({sorted[i], static_cast<double>(i + 1) / dn});
        return out;
    }
    // Evenly spaced ranks, first and last included.
    for (std::size_t k = 0; k < max_points; ++k) {
        const std::size_t i = k * (n - 1) / (max_points - 1);
        out.push_back({sorted[i], static_cast<double>(i + 1) / dn});
    }
    return out;
}

std::map<std::string, std::vector<GroupBatteryPoint>> battery_by_group(
    const std::vector<BatterySample>& samples, std::size_t max_bins) {
    std::map<std::string, std::vector<GroupBatteryPoint>> out;
    std::vector<const BatterySample*> valid;
    for (const auto& s : samples)
        if (std::isfinite(s.t_s) && std::isfinite(s.battery_frac)) valid.push_back(&s);
    if (valid.empty()) return out;
    std::stable_sort(
        valid.begin(), valid.end(),
        [](const BatterySample* a, const BatterySample* b) { return a->t_s < b->t_s; });
    std::set<double> times;
    for (const auto* s : valid) times.insert(s->t_s);
    const double t_min = *times.begin();
    const double t_max = *times.rbegin();
    const bool binned = max_bins > 0 && times.size() > max_bins && t_max > t_min;
    const double width = binned ? (t_max - t_min) / static_cast<double>(max_bins) : 0;
    auto key_of = [&](double t) {
        if (!binned) return t;
        auto b = static_cast<std::size_t>((t - t_min) / width);
        b = std::min(b, max_bins - 1);
        return t_min + static_cast<double>(b) * width;
    };
    // Per group: the latest fraction of each device seen so far, and the key being filled.
    struct Group {
        std::map<std::string, double> latest;
        std::optional<double> key;
    };
    std::map<std::string, Group> groups;
    auto emit = [&](const std::string& name, Group& g) {
        double sum = 0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const auto& [device, frac] : g.latest) {
            sum += frac;
            lo = std::min(lo, frac);
            hi = std::max(hi, frac);
        }
        out[name].push_back({*g.key, sum / static_cast<double>(g.latest.size()), lo, hi});
    };
    for (const auto* s : valid) {
        const auto name = device_group(s->device);
        auto& g = groups[name];
        const double key = key_of(s->t_s);
        if (g.key && *g.key != key) emit(name, g);
        g.key = key;
        g.latest[s->device] = s->battery_frac;
    }
    for (auto& [name, g] : groups) emit(name, g);
    return out;
}

SeriesStyle series_style(std::size_t k) {
    // Paul Tol's "bright" scheme plus grey and black: colour-blind safe, distinct in print.
    static const char* const colours[kSeriesColours] = {"#4477aa", "#ee6677", "#228833", "#ccbb44",
                                                        "#66ccee", "#aa3377", "#bbbbbb", "#000000"};
    static const int points[] = {7, 5, 9, 11, 13, 3, 1, 2};
    // Series 0..7 are solid; 8..15 dashed, and so on, so every (colour, dash) pair is new
    // for the first 40 series.
    return {colours[k % kSeriesColours],
            static_cast<int>(1 + (k / kSeriesColours) % kSeriesDashTypes),
            points[(k / kSeriesColours + k) % 8]};
}

std::string choice_label(const std::string& variant, const std::string& split,
                         const std::string& target) {
    std::string s = variant.empty() ? "?" : variant;
    if (!split.empty()) s.append("|").append(split);
    if (!target.empty()) s.append("@").append(target);
    return s;
}

DecisionSeries decision_series(const std::vector<DecisionSample>& decisions, std::size_t max_points,
                               std::size_t max_choices) {
    DecisionSeries out;
    if (decisions.empty()) return out;
    std::map<std::string, std::size_t> freq;
    for (const auto& d : decisions) ++freq[d.choice];
    std::vector<std::pair<std::string, std::size_t>> by_freq(freq.begin(), freq.end());
    std::stable_sort(by_freq.begin(), by_freq.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (max_choices < 1) max_choices = 1;
    const bool lump = by_freq.size() > max_choices;
    const std::size_t kept = lump ? max_choices - 1 : by_freq.size();
    std::map<std::string, int> index;
    for (std::size_t i = 0; i < kept; ++i) {
        index[by_freq[i].first] = static_cast<int>(i);
        out.choices.push_back(by_freq[i].first);
    }
    if (lump) out.choices.push_back("other");
    auto idx = [&](const std::string& c) {
        const auto it = index.find(c);
        return it == index.end() ? static_cast<int>(kept) : it->second;
    };

    if (max_points == 0 || decisions.size() <= max_points) {
        for (const auto& d : decisions)
            out.points.push_back({d.t_s, idx(d.choice), d.est_bandwidth_bps});
        std::stable_sort(out.points.begin(), out.points.end(),
                         [](const auto& a, const auto& b) { return a.t_s < b.t_s; });
        return out;
    }
    out.binned = true;
    double t_min = std::numeric_limits<double>::infinity(), t_max = -t_min;
    for (const auto& d : decisions) {
        t_min = std::min(t_min, d.t_s);
        t_max = std::max(t_max, d.t_s);
    }
    const double width = t_max > t_min ? (t_max - t_min) / static_cast<double>(max_points) : 1;
    struct Bin {
        double bw_sum = 0;
        std::size_t bw_n = 0;  // decisions with a known bandwidth
        std::map<int, std::size_t> votes;
    };
    std::map<std::size_t, Bin> bins;
    for (const auto& d : decisions) {
        auto b = static_cast<std::size_t>((d.t_s - t_min) / width);
        b = std::min(b, max_points - 1);
        auto& bin = bins[b];
        if (d.est_bandwidth_bps) {
            bin.bw_sum += *d.est_bandwidth_bps;
            ++bin.bw_n;
        }
        ++bin.votes[idx(d.choice)];
    }
    for (const auto& [b, bin] : bins) {
        int best = 0;
        std::size_t best_n = 0;
        for (const auto& [c, n] : bin.votes)
            if (n > best_n) {  // ties keep the lower index, i.e. the more frequent choice
                best = c;
                best_n = n;
            }
        std::optional<double> bw;
        if (bin.bw_n > 0) bw = bin.bw_sum / static_cast<double>(bin.bw_n);
        out.points.push_back({t_min + static_cast<double>(b) * width, best, bw});
    }
    return out;
}

}  // namespace a2iot::analysis
