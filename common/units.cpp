#include "common/units.hpp"

#include <fmt/format.h>
#include <array>
#include <charconv>
#include <cmath>

#include "common/unit_error.hpp"

namespace a2iot::common {
namespace {

struct Unit {
    std::string_view suffix;
    double to_si;
};

// Case matters: "Mbps" is bits, "MBps" is bytes; "mW" is milli, "MW" would be mega.
constexpr std::array kTime{Unit{"us", 1e-6}, Unit{"ms", 1e-3}, Unit{"s", 1.0}, Unit{"min", 60.0},
                           Unit{"h", 3600.0}};
// The common spellings, each with its real meaning: "Mbit/s" and "Mb/s" are megabits, "MB/s" and
// "MBps" megabytes (8x). The first eight are the documented short forms; the rest are accepted
// because users write them (docs/scenarios.md, "Units").
constexpr std::array kBandwidth{Unit{"bps", 1.0},
                                Unit{"kbps", 1e3},
                                Unit{"Mbps", 1e6},
                                Unit{"Gbps", 1e9},
                                Unit{"Bps", 8.0},
                                Unit{"kBps", 8e3},
                                Unit{"MBps", 8e6},
                                Unit{"GBps", 8e9},
                                Unit{"bit/s", 1.0},
                                Unit{"kbit/s", 1e3},
                                Unit{"Mbit/s", 1e6},
                                Unit{"Gbit/s", 1e9},
                                Unit{"b/s", 1.0},
                                Unit{"kb/s", 1e3},
                                Unit{"Mb/s", 1e6},
                                Unit{"Gb/s", 1e9},
                                Unit{"B/s", 8.0},
                                Unit{"kB/s", 8e3},
                                Unit{"MB/s", 8e6},
                                Unit{"GB/s", 8e9},
                                Unit{"KiB/s", 8.0 * 1024},
                                Unit{"MiB/s", 8.0 * 1048576},
                                Unit{"GiB/s", 8.0 * 1073741824.0}};

// Spellings that users mean in two different ways; guessing would be off by 8x or 2.4%.
struct Ambiguous {
    std::string_view suffix;
    std::string_view why;
};
constexpr std::array kAmbiguousBandwidth{
    Ambiguous{"mbps", "write Mbps or Mbit/s for megabits, MBps or MB/s for megabytes per second"},
    Ambiguous{"MBPS", "write Mbps or Mbit/s for megabits, MBps or MB/s for megabytes per second"},
    Ambiguous{"mbit/s", "write Mbit/s (megabits per second)"},
    Ambiguous{"KBps", "write kBps (1000 bytes/s) or KiB/s (1024 bytes/s)"},
    Ambiguous{"KB/s", "write kB/s (1000 bytes/s) or KiB/s (1024 bytes/s)"},
    Ambiguous{"Kbps", "write kbps (1000 bits/s)"}};
constexpr std::array kAmbiguousDataSize{
    Ambiguous{"KB", "write kB (1000 bytes) or KiB (1024 bytes)"},
    Ambiguous{"kb", "data sizes are in bytes: write kB (1000 bytes) or KiB (1024 bytes)"},
    Ambiguous{"Kb", "data sizes are in bytes: write kB (1000 bytes) or KiB (1024 bytes)"},
    Ambiguous{"Mb", "data sizes are in bytes: write MB (10^6 bytes) or MiB (2^20 bytes)"},
    Ambiguous{"mb", "write MB (10^6 bytes) or MiB (2^20 bytes)"},
    Ambiguous{"Gb", "data sizes are in bytes: write GB (10^9 bytes) or GiB (2^30 bytes)"}};
constexpr std::array kDataSize{
    Unit{"B", 1.0},      Unit{"kB", 1e3},        Unit{"MB", 1e6},          Unit{"GB", 1e9},
    Unit{"KiB", 1024.0}, Unit{"MiB", 1048576.0}, Unit{"GiB", 1073741824.0}};
constexpr std::array kCharge{Unit{"mAh", 3.6}, Unit{"Ah", 3600.0}, Unit{"C", 1.0}};
constexpr std::array kEnergy{Unit{"J", 1.0}, Unit{"kJ", 1e3}, Unit{"mWh", 3.6}, Unit{"Wh", 3600.0},
                             Unit{"kWh", 3.6e6}};
constexpr std::array kVoltage{Unit{"V", 1.0}, Unit{"mV", 1e-3}};
constexpr std::array kPower{Unit{"mW", 1e-3}, Unit{"W", 1.0}, Unit{"kW", 1e3}};
constexpr std::array kFrequency{Unit{"Hz", 1.0}, Unit{"kHz", 1e3}, Unit{"MHz", 1e6},
                                Unit{"GHz", 1e9}};
constexpr std::array kRate{Unit{"/ms", 1e3}, Unit{"/s", 1.0}, Unit{"/min", 1.0 / 60.0},
                           Unit{"/h", 1.0 / 3600.0}};

template <std::size_t N>
std::string list_units(const std::array<Unit, N>& units) {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) {
        if (i) out += (i + 1 == N) ? " or " : ", ";
        out += units[i].suffix;
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Splits "20Mbps" into 20 and "Mbps". Returns false when no number leads the text.
bool split_number(std::string_view text, double& number, std::string_view& rest) {
    const char* first = text.data();
    const char* last = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(first, last, number);
    if (ec != std::errc() || !std::isfinite(number)) return false;
    rest = trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr)));
    return true;
}

template <std::size_t N, std::size_t M = 0>
double scale(std::string_view text, const std::array<Unit, N>& units, Quantity q,
             const std::array<Ambiguous, M>& ambiguous = {}) {
    double number = 0;
    std::string_view rest;
    if (!split_number(text, number, rest)) throw UnitError(std::string(text), expected_units(q));
    if (rest.empty())
        throw UnitError(std::string(text), expected_units(q) + " (the unit is missing)");
    for (const auto& u : units)
        if (rest == u.suffix) return number * u.to_si;
    for (const auto& a : ambiguous)
        if (rest == a.suffix)
            throw UnitError(std::string(text), expected_units(q) + " ('" + std::string(rest) +
                                                   "' is ambiguous: " + std::string(a.why) + ")");
    throw UnitError(std::string(text),
                    expected_units(q) + " (unknown unit '" + std::string(rest) + "')");
}

}  // namespace

std::string expected_units(Quantity q) {
    switch (q) {
        case Quantity::Time:
            return "a time with unit " + list_units(kTime);
        // Only the short forms: the long ones (Mbit/s, MB/s, ...) are accepted too (see
        // kBandwidth).
        case Quantity::Bandwidth:
            return "a bandwidth with unit bps, kbps, Mbps, Gbps (bits/s; also bit/s, Mbit/s, Mb/s) "
                   "or Bps, kBps, MBps, GBps (bytes/s; also B/s, MB/s, KiB/s, MiB/s)";
        case Quantity::DataSize:
            return "a data size with unit " + list_units(kDataSize);
        case Quantity::Charge:
            return "a charge with unit " + list_units(kCharge);
        case Quantity::Energy:
            return "an energy with unit " + list_units(kEnergy);
        case Quantity::Voltage:
            return "a voltage with unit " + list_units(kVoltage);
        case Quantity::Power:
            return "a power with unit " + list_units(kPower);
        case Quantity::Frequency:
            return "a frequency with unit " + list_units(kFrequency);
        case Quantity::Rate:
            return "a rate such as 2/s (per " + list_units(kRate) + ")";
        case Quantity::Fraction:
            return "a fraction such as 80% or 0.8, within [0, 1]";
        case Quantity::Count:
            return "a plain number such as 2e8";
    }
    return "a quantity";
}

double parse_quantity(std::string_view raw, Quantity q) {
    const std::string_view text = trim(raw);
    switch (q) {
        case Quantity::Time:
            return scale(text, kTime, q);
        case Quantity::Bandwidth:
            return scale(text, kBandwidth, q, kAmbiguousBandwidth);
        case Quantity::DataSize:
            return scale(text, kDataSize, q, kAmbiguousDataSize);
        case Quantity::Charge:
            return scale(text, kCharge, q);
        case Quantity::Energy:
            return scale(text, kEnergy, q);
        case Quantity::Voltage:
            return scale(text, kVoltage, q);
        case Quantity::Power:
            return scale(text, kPower, q);
        case Quantity::Frequency:
            return scale(text, kFrequency, q);
        case Quantity::Rate:
            return scale(text, kRate, q);
        case Quantity::Fraction: {
            double number = 0;
            std::string_view rest;
            if (!split_number(text, number, rest))
                throw UnitError(std::string(text), expected_units(q));
            if (rest == "%")
                number /= 100.0;
            else if (!rest.empty())
                throw UnitError(std::string(text), expected_units(q));
            if (number < 0.0 || number > 1.0) throw UnitError(std::string(text), expected_units(q));
            return number;
        }
        case Quantity::Count: {
            double number = 0;
            std::string_view rest;
            if (!split_number(text, number, rest) || !rest.empty())
                throw UnitError(std::string(text), expected_units(q));
            return number;
        }
    }
    throw UnitError(std::string(text), "a known quantity");
}

std::string format_quantity(double v, Quantity q) {
    auto pick = [v](std::initializer_list<std::pair<double, const char*>> steps) {
        // steps ascend; take the largest unit that keeps the number >= 1.
        const std::pair<double, const char*>* best = steps.begin();
        for (const auto& s : steps)
            if (std::fabs(v) >= s.first) best = &s;
        return fmt::format("{:.4g} {}", v / best->first, best->second);
    };
    switch (q) {
        case Quantity::Time:
            return pick({{1e-6, "us"}, {1e-3, "ms"}, {1.0, "s"}});
        case Quantity::Bandwidth:
            return pick({{1.0, "bps"}, {1e3, "kbps"}, {1e6, "Mbps"}, {1e9, "Gbps"}});
        case Quantity::DataSize:
            return pick({{1.0, "B"}, {1e3, "kB"}, {1e6, "MB"}, {1e9, "GB"}});
        case Quantity::Charge:
            return fmt::format("{:.4g} mAh", v / 3.6);
        case Quantity::Energy:
            return pick({{1e-6, "uJ"}, {1e-3, "mJ"}, {1.0, "J"}, {1e3, "kJ"}});
        case Quantity::Voltage:
            return fmt::format("{:.4g} V", v);
        case Quantity::Power:
            return pick({{1e-3, "mW"}, {1.0, "W"}, {1e3, "kW"}});
        case Quantity::Frequency:
            return pick({{1.0, "Hz"}, {1e3, "kHz"}, {1e6, "MHz"}, {1e9, "GHz"}});
        case Quantity::Rate:
            return fmt::format("{:.4g}/s", v);
        case Quantity::Fraction:
            return fmt::format("{:.4g}%", v * 100.0);
        case Quantity::Count:
            return fmt::format("{:.4g}", v);
    }
    return fmt::format("{}", v);
}

}  // namespace a2iot::common
