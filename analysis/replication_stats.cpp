#include "analysis/replication_stats.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace a2iot::analysis {

double student_t_975(double dof) {
    if (!(dof >= 1)) throw std::invalid_argument("student_t_975: dof must be >= 1");
    static const double table[30] = {
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};
    // The tolerance keeps a Welch dof computed as 3.9999999 from dropping to the row for 3.
    if (dof < 31) return table[static_cast<int>(std::floor(dof + 1e-9)) - 1];
    const double z = 1.959963984540054, v = dof;
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

MeanCi mean_ci95(const std::vector<double>& values) {
    MeanCi m;
    m.n = static_cast<int>(values.size());
    if (m.n == 0) return m;
    double sum = 0;
    for (double v : values) sum += v;
    m.mean = sum / m.n;
    if (m.n < 2) return m;
    double ss = 0;
    for (double v : values) ss += (v - m.mean) * (v - m.mean);
    m.sd = std::sqrt(ss / (m.n - 1));
    m.half_width = student_t_975(m.n - 1) * m.sd / std::sqrt(static_cast<double>(m.n));
    return m;
}

std::optional<DiffCi> welch_diff_ci95(const MeanCi& a, const MeanCi& b) {
    if (a.n < 2 || b.n < 2) return std::nullopt;
    DiffCi d;
    d.diff = a.mean - b.mean;
    const double va = a.sd * a.sd / a.n, vb = b.sd * b.sd / b.n;
    const double se2 = va + vb;
    if (se2 == 0) {
        d.dof = a.n + b.n - 2;
        return d;
    }
    d.dof = se2 * se2 / (va * va / (a.n - 1) + vb * vb / (b.n - 1));
    d.half_width = student_t_975(std::max(1.0, d.dof)) * std::sqrt(se2);
    return d;
}

}  // namespace a2iot::analysis
