#include "analysis/sweep_resume.hpp"

#include <filesystem>

#include "results/results_db.hpp"
#include "results/statement.hpp"

namespace a2iot::analysis {

std::vector<bool> complete_points(const std::string& db_path,
                                  const std::vector<SweepPoint>& points) {
    std::vector<bool> done(points.size(), false);
    if (!std::filesystem::exists(db_path)) return done;
    results::ResultsDb db(db_path);
    results::Statement st(
        db.get(),
        "SELECT count(*) FROM runs WHERE scenario_hash = ? AND policy = ? AND seed = ? "
        "AND status = 'complete'",
        db_path);
    for (std::size_t i = 0; i < points.size(); ++i) {
        st.bind(1, points[i].scenario_hash);
        st.bind(2, points[i].policy);
        st.bind(3, points[i].seed);
        st.step();
        done[i] = st.get_int(0) > 0;
        st.reset();
    }
    return done;
}

}  // namespace a2iot::analysis
