#pragma once
// The one parser for every quantity in a scenario ("20Mbps", "5ms", "3.7V", "4000mAh", "80%").
// Values come back in SI: seconds, bits/s, bytes, coulombs, joules, volts, watts, hertz,
// events/s, and fractions in [0, 1] for percentages.
#include <string>
#include <string_view>

namespace a2iot::common {

enum class Quantity {
    Time,       // us, ms, s, min, h                        -> s
    Bandwidth,  // bps kbps Mbps Gbps (bits), Bps kBps MBps GBps (bytes) -> bit/s
    DataSize,   // B, kB, MB, GB (decimal), KiB, MiB, GiB    -> bytes
    Charge,     // mAh, Ah, C                                -> coulombs
    Energy,     // J, kJ, mWh, Wh, kWh                       -> joules
    Voltage,    // V, mV                                     -> volts
    Power,      // mW, W, kW                                 -> watts
    Frequency,  // Hz, kHz, MHz, GHz                         -> hertz
    Rate,       // N/s, N/min, N/h, N/ms                     -> events per second
    Fraction,   // "80%" or a bare number in [0, 1]          -> fraction
    Count,      // a bare number such as 2e8 (FLOPs)         -> the number
};

// Human name of a quantity with its accepted units, used in "expected ..." messages.
std::string expected_units(Quantity q);

// Throws UnitError (value + what was expected) on a missing or unknown unit, a malformed number,
// or a fraction outside [0, 1]. Sign checks belong to the caller: a negative time can be valid
// in a trace but not as a duration.
double parse_quantity(std::string_view text, Quantity q);

// Formats an SI value back with a readable unit ("20 Mbps", "5 ms"), for tables and messages.
std::string format_quantity(double value, Quantity q);

}  // namespace a2iot::common
