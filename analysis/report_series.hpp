#pragma once
// Data shaping for the report's plots, kept free of SQLite and gnuplot so it can be tested with
// hand-made inputs. Large runs (a million requests, thousands of devices) are reduced to a
// bounded number of points so the inline SVG stays small; each reduction is documented in
// docs/report.md.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace a2iot::analysis {

// "cam-12" -> "cam", "edge" -> "edge", "cloud-0-3" -> "cloud-0": the scenario's group id, since
// a group with count N expands to <id>-0 .. <id>-(N-1).
std::string device_group(const std::string& device);

struct CdfPoint {
    double value;
    double fraction;  // share of values <= value, in (0, 1]
};
// Empirical CDF of ascending `sorted` values; at most max_points points, always including the
// first and the last value. Fractions are rank / total, where total (default: sorted.size())
// counts every submitted request: with unfinished requests the curve stops below 1, at the
// served fraction, consistent with percentiles that rank unfinished requests last.
std::vector<CdfPoint> empirical_cdf(const std::vector<double>& sorted, std::size_t max_points,
                                    std::size_t total = 0);

struct BatterySample {
    double t_s;
    std::string device;
    double battery_frac;
};
struct GroupBatteryPoint {
    double t_s;  // bin start (or the sample time when not binned)
    double mean_frac, min_frac, max_frac;
};
// Per device group: mean/min/max battery fraction over the group's devices at each sample time
// (or time bin), each device counted with its latest sample so far. A device sampled alone at an
// odd time (the sample written when its battery dies) thus moves the mean by its share instead
// of making the group's mean that one device's 0. With more than max_bins distinct sample times,
// times are put in max_bins equal-width bins and a point shows the state at the bin's end.
// Samples with a non-finite time or fraction are ignored.
std::map<std::string, std::vector<GroupBatteryPoint>> battery_by_group(
    const std::vector<BatterySample>& samples, std::size_t max_bins);

struct DecisionSample {
    double t_s;
    std::string choice;  // variant|split@target
    std::optional<double> est_bandwidth_bps;  // nullopt: no remote target (a local decision)
};
struct DecisionPoint {
    double t_s;
    int choice_index;  // index into DecisionSeries::choices
    // Binned: the mean over the bin's decisions that have one; nullopt when none has.
    std::optional<double> est_bandwidth_bps;
};
struct DecisionSeries {
    std::vector<std::string> choices;  // most frequent first; the rest lumped into "other"
    std::vector<DecisionPoint> points;
    bool binned = false;  // true: one point per time bin (mean bandwidth, most frequent choice)
};
DecisionSeries decision_series(const std::vector<DecisionSample>& decisions, std::size_t max_points,
                               std::size_t max_choices);

// How the k-th series of a plot is drawn. Colour and dash type both vary, so that no two of the
// first kColours * kDashTypes series look alike (colour alone repeats after 8).
struct SeriesStyle {
    std::string colour;  // "#rrggbb"
    int dash_type;       // gnuplot dt, 1 = solid
    int point_type;      // gnuplot pt, for point series
};
SeriesStyle series_style(std::size_t k);
inline constexpr std::size_t kSeriesColours = 8;
inline constexpr std::size_t kSeriesDashTypes = 5;

// "variant|split@target" with empty parts left out.
std::string choice_label(const std::string& variant, const std::string& split,
                         const std::string& target);

}  // namespace a2iot::analysis
