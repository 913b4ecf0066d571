#include "sim/policies/layer_predictor.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include <boost/numeric/ublas/lu.hpp>
#include <boost/numeric/ublas/matrix.hpp>
#include <boost/numeric/ublas/vector.hpp>

namespace a2iot::sim {

namespace {

namespace ublas = boost::numeric::ublas;

// Boost 1.74's uBLAS storage still calls allocator::construct, which C++20 removed from
// std::allocator; this allocator puts it back so uBLAS compiles under -std=c++20.
template <class T>
struct Cxx20Allocator : std::allocator<T> {
    using value_type = T;
    template <class U>
    struct rebind {
        using other = Cxx20Allocator<U>;
    };
    Cxx20Allocator() = default;
    template <class U>
    Cxx20Allocator(const Cxx20Allocator<U>&) {}
    template <class U, class... A>
    void construct(U* p, A&&... a) {
        ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
    }
    template <class U>
    void destroy(U* p) {
        p->~U();
    }
};
using Matrix =
    ublas::matrix<double, ublas::row_major, ublas::unbounded_array<double, Cxx20Allocator<double>>>;
using Vector = ublas::vector<double, ublas::unbounded_array<double, Cxx20Allocator<double>>>;
using Permutation =
    ublas::permutation_matrix<std::size_t,
                              ublas::unbounded_array<std::size_t, Cxx20Allocator<std::size_t>>>;

double feature(const models::LayerNode& n, int j) {
    switch (j) {
        case 0:
            return n.flops;
        case 1:
            return static_cast<double>(n.output_bytes);
        default:
            return 1.0;
    }
}

// Which features a fit with `count` features uses: {flops, bytes, 1}, {flops, 1}, {flops}.
std::vector<int> feature_set(int count) {
    if (count == 3) return {0, 1, 2};
    if (count == 2) return {0, 2};
    return {0};
}

// Least squares through the normal equations, solved by Boost.uBLAS LU. Columns are scaled to
// unit max first: FLOPs (~1e9) and bytes (~1e6) would otherwise make X'X hopelessly conditioned.
bool solve(const std::vector<models::LayerNode>& nodes, const std::vector<int>& feats,
           LayerPredictor::KindFit& out) {
    const std::size_t m = feats.size();
    if (nodes.size() < m) return false;
    std::vector<double> scale(m, 0.0);
    for (std::size_t a = 0; a < m; ++a)
        for (const auto& n : nodes) scale[a] = std::max(scale[a], std::abs(feature(n, feats[a])));
    for (double s : scale)
        if (s <= 0) return false;  // a feature that is always 0 cannot be identified
    Matrix xtx(m, m);
    Vector xty(m);
    for (std::size_t a = 0; a < m; ++a) {
        xty(a) = 0;
        for (std::size_t b = 0; b < m; ++b) xtx(a, b) = 0;
    }
    for (const auto& n : nodes) {
        for (std::size_t a = 0; a < m; ++a) {
            const double fa = feature(n, feats[a]) / scale[a];
            xty(a) += fa * n.host_latency_s;
            for (std::size_t b = 0; b < m; ++b) xtx(a, b) += fa * feature(n, feats[b]) / scale[b];
        }
    }
    double trace = 0;
    for (std::size_t a = 0; a < m; ++a) trace += xtx(a, a);
    Permutation pm(m);
    Matrix lu = xtx;
    if (ublas::lu_factorize(lu, pm) != 0) return false;
    // A pivot far below the matrix scale means collinear features (e.g. every conv of a kind
    // with the same output size): use fewer features instead of a meaningless fit.
    for (std::size_t a = 0; a < m; ++a)
        if (std::abs(lu(a, a)) < 1e-9 * trace) return false;
    Vector beta = xty;
    ublas::lu_substitute(lu, pm, beta);
    out = LayerPredictor::KindFit{};
    for (std::size_t a = 0; a < m; ++a) out.coef[feats[a]] = beta(a) / scale[a];
    out.samples = static_cast<int>(nodes.size());
    out.features = static_cast<int>(m);
    double sse = 0;
    for (const auto& n : nodes) {
        double pred = 0;
        for (int j = 0; j < 3; ++j) pred += out.coef[j] * feature(n, j);
        sse += (pred - n.host_latency_s) * (pred - n.host_latency_s);
    }
    out.rms_error_s = std::sqrt(sse / static_cast<double>(nodes.size()));
    return true;
}

}  // namespace

LayerPredictor::KindFit LayerPredictor::fit_samples(const std::vector<models::LayerNode>& nodes) {
    KindFit fit;
    // The richest model the data supports; a fit needs more samples than unknowns to be a fit
    // rather than an interpolation, except the one-feature ratio.
    for (int count : {3, 2, 1}) {
        if (count > 1 && static_cast<int>(nodes.size()) <= count) continue;
        if (solve(nodes, feature_set(count), fit)) return fit;
    }
    return KindFit{};
}

LayerPredictor LayerPredictor::fit(const models::ModelCard& card) {
    LayerPredictor p;
    p.host_flops_per_s_ = card.host_flops_per_s;
    if (card.host_flops_per_s <= 0) return p;
    std::map<std::string, std::vector<models::LayerNode>> by_kind;
    auto collect = [&](const std::vector<models::LayerNode>& layers) {
        for (const auto& n : layers)
            if (n.host_latency_s > 0) by_kind[n.kind].push_back(n);
    };
    for (const auto& v : card.variants) collect(v.layers);
    if (card.imagenet) collect(card.imagenet->layers);
    for (const auto& [kind, nodes] : by_kind) {
        KindFit f = fit_samples(nodes);
        if (f.features > 0) p.fits_[kind] = f;
    }
    return p;
}

const LayerPredictor::KindFit* LayerPredictor::fit_for(const std::string& kind) const {
    auto it = fits_.find(kind);
    return it == fits_.end() ? nullptr : &it->second;
}

double LayerPredictor::predict_host_latency_s(const models::LayerNode& n) const {
    const KindFit* f = fit_for(n.kind);
    if (f == nullptr) return host_flops_per_s_ > 0 ? n.flops / host_flops_per_s_ : 0.0;
    double pred = 0;
    for (int j = 0; j < 3; ++j) pred += f->coef[j] * feature(n, j);
    return std::max(0.0, pred);  // an intercept can go negative for tiny layers
}

double LayerPredictor::effective_flops(const models::LayerNode& n) const {
    if (host_flops_per_s_ <= 0 || fit_for(n.kind) == nullptr) return n.flops;
    return predict_host_latency_s(n) * host_flops_per_s_;
}

}  // namespace a2iot::sim
