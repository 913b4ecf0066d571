// Scenario-level tests of the runtime's limits and faults: the per-host queue limit and the
// request timeout end an overload, a relay that goes off stops carrying traffic, a dead device
// stays dead until recharged, request energy counts every device on the route, and event and
// sample times are stored as written.
#include <gtest/gtest.h>

#include <fmt/core.h>
#include <cmath>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "common/units.hpp"
#include "scenario_support.hpp"

namespace {

using namespace a2iot_sim_test;
using a2iot::common::parse_quantity;
using a2iot::common::Quantity;

// The number the run's summary line gives: "POLICY: N requests (...".
long long submitted_of(const std::string& output) {
    std::smatch m;
    if (!std::regex_search(output, m, std::regex(R"(: (\d+) requests \()"))) return -1;
    return std::stoll(m[1]);
}

// Every submitted request has exactly one row, with one of the five statuses.
void expect_accounted_for(const std::string& db, long long submitted) {
    const auto rows = query(db, "SELECT request_id, status FROM requests ORDER BY request_id");
    ASSERT_EQ(static_cast<long long>(rows.size()), submitted);
    std::map<std::string, long long> by_status;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].at("request_id"), std::to_string(i + 1)) << "ids 1..N, no gap, no twin";
        ++by_status[rows[i].at("status")];
    }
    long long sum = 0;
    for (const char* s : {"ok", "deadline_missed", "failed", "dropped", "timed_out"})
        sum += by_status[s];
    EXPECT_EQ(sum, submitted) << "submitted = ok + deadline_missed + failed + dropped + timed_out";
}

TEST(Overload, QueueLimitAndTimeoutEndItWithEveryRequestAccountedFor) {
    const std::string db = temp_db("overload");
    const auto [rc, out] = run_a2iot_output(kData + "overload.yaml --db " + db);
    ASSERT_EQ(rc, 0) << out;
    const long long submitted = submitted_of(out);
    ASSERT_GT(submitted, 100) << out;  // 4 cameras x 2/s x 20 s
    expect_accounted_for(db, submitted);

    const auto dropped = query(db, "SELECT * FROM requests WHERE status='dropped'");
    ASSERT_FALSE(dropped.empty());
    for (const auto& r : dropped) {
        EXPECT_EQ(r.at("reason"), "queue full at edge (4 waiting)");
        EXPECT_EQ(r.at("completed_s"), "NULL");
    }
    const auto timed_out = query(db, "SELECT * FROM requests WHERE status='timed_out'");
    ASSERT_FALSE(timed_out.empty());
    for (const auto& r : timed_out) {
        EXPECT_EQ(r.at("completed_s"), "NULL");
        EXPECT_NE(r.at("reason").find("timed out (4 s after submission)"), std::string::npos)
            << r.at("reason");
    }
    // Nothing outlives its timeout, so the run ends by duration + timeout.
    for (const auto& r : query(db, "SELECT latency_s FROM requests WHERE completed_s IS NOT NULL"))
        EXPECT_LE(num(r, "latency_s"), 4.0 + 1e-9);
    const auto run = query(db, "SELECT sim_time_s FROM runs");
    ASSERT_EQ(run.size(), 1u);
    EXPECT_LE(num(run[0], "sim_time_s"), 20.0 + 4.0 + 1e-6);
}

TEST(Overload, UnboundedQueueIsStillEndedByTheTimeout) {
    const std::string db = temp_db("overload-unbounded");
    const auto [rc, out] =
        run_a2iot_output(kData + "overload.yaml --set devices.edge.queue_limit=none --db " + db);
    ASSERT_EQ(rc, 0) << out;
    expect_accounted_for(db, submitted_of(out));
    EXPECT_TRUE(query(db, "SELECT 1 FROM requests WHERE status='dropped'").empty());
    EXPECT_FALSE(query(db, "SELECT 1 FROM requests WHERE status='timed_out'").empty());
    EXPECT_LE(num(query(db, "SELECT sim_time_s FROM runs")[0], "sim_time_s"), 24.0 + 1e-6);
}

TEST(Overload, UploadsBeyondTheSendQueueAreDropped) {
    const std::string db = temp_db("upload-overload");
    const auto [rc, out] = run_a2iot_output(kData + "upload-overload.yaml --db " + db);
    ASSERT_EQ(rc, 0) << out;
    expect_accounted_for(db, submitted_of(out));
    const auto dropped = query(db, "SELECT reason FROM requests WHERE status='dropped'");
    ASSERT_FALSE(dropped.empty());
    for (const auto& r : dropped) EXPECT_EQ(r.at("reason"), "send queue full at cam (2 waiting)");
    // At most three uploads at once: no submission finds three unfinished earlier requests that
    // were not dropped.
    const auto rows = query(db,
                            "SELECT submitted_s, COALESCE(completed_s, submitted_s + 10) AS end_s, "
                            "status FROM requests ORDER BY request_id");
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].at("status") == "dropped") continue;
        int busy = 0;
        for (std::size_t j = 0; j < i; ++j)
            if (rows[j].at("status") != "dropped" &&
                num(rows[j], "end_s") > num(rows[i], "submitted_s"))
                ++busy;
        EXPECT_LE(busy, 2) << "request " << i + 1;
    }
    EXPECT_FALSE(query(db, "SELECT 1 FROM requests WHERE status='timed_out'").empty());
}

TEST(Overload, TimedOutUploadsStillLowerTheBandwidthEstimate) {
    const std::string db = temp_db("timeout-estimate");
    ASSERT_EQ(run_a2iot(kData + "timeout-estimate.yaml --db " + db), 0);
    const auto timed_out = query(db, "SELECT reason FROM requests WHERE status='timed_out'");
    ASSERT_FALSE(timed_out.empty());
    for (const auto& r : timed_out)
        EXPECT_NE(r.at("reason").find("while sending to edge"), std::string::npos);
    // No upload after the drop completes, yet the policy learns the link is slow.
    const auto late = query(db, "SELECT split FROM decisions WHERE t_s > 30");
    ASSERT_FALSE(late.empty());
    for (const auto& d : late) EXPECT_EQ(d.at("split"), "local");
}

TEST(Faults, RelayTurnedOffStopsCarryingTraffic) {
    const std::string db = temp_db("relay-off");
    ASSERT_EQ(run_a2iot(kData + "relay-off.yaml --db " + db), 0);
    // Uploads through the edge that were under way at 10 s fail, naming the relay.
    const auto cut = query(db,
                           "SELECT * FROM requests WHERE target='cloud' AND submitted_s < 10 AND "
                           "(completed_s IS NULL OR completed_s > 10)");
    ASSERT_FALSE(cut.empty());
    for (const auto& r : cut) {
        EXPECT_EQ(r.at("status"), "failed");
        EXPECT_NE(r.at("reason").find("relay edge"), std::string::npos) << r.at("reason");
    }
    // Nothing reaches the cloud through the edge once it is off.
    EXPECT_TRUE(query(db,
                      "SELECT 1 FROM requests WHERE target='cloud' AND status='ok' AND "
                      "completed_s > 10")
                    .empty());
    // Sensing sees the cloud unreachable, so the policy re-decides instead of using the relay.
    const auto later = query(db, "SELECT * FROM decisions WHERE t_s > 10");
    ASSERT_FALSE(later.empty());
    for (const auto& d : later) EXPECT_NE(d.at("target"), "cloud");
}

TEST(Faults, DeadDeviceStaysDeadAtZeroUntilRecharged) {
    const std::string db = temp_db("dead-recharge");
    ASSERT_EQ(run_a2iot(kData + "dead-recharge.yaml --db " + db), 0);
    const auto death = query(db, "SELECT t_s FROM events WHERE kind='battery_dead'");
    ASSERT_EQ(death.size(), 1u);
    const double died_s = num(death[0], "t_s");
    ASSERT_LT(died_s, 10.0);
    // A battery event alone leaves a dead device dead, at exactly 0.
    const auto ignored = query(db, "SELECT detail FROM events WHERE kind='battery' AND t_s=10");
    ASSERT_EQ(ignored.size(), 1u);
    EXPECT_NE(ignored[0].at("detail").find("ignored"), std::string::npos);
    for (const auto& s :
         query(db, fmt::format("SELECT * FROM device_samples WHERE device='phone' AND "
                               "t_s >= {} AND t_s < 20",
                               died_s))) {
        EXPECT_EQ(s.at("state"), "dead") << s.at("t_s");
        EXPECT_EQ(num(s, "battery_frac"), 0.0) << s.at("t_s");
    }
    EXPECT_TRUE(query(db, fmt::format("SELECT 1 FROM requests WHERE submitted_s > {} AND "
                                      "submitted_s < 20",
                                      died_s))
                    .empty());
    // battery > 0 with state: on recharges and revives it.
    for (const auto& s :
         query(db, "SELECT * FROM device_samples WHERE device='phone' AND t_s >= 20")) {
        EXPECT_EQ(s.at("state"), "on") << s.at("t_s");
        EXPECT_GT(num(s, "battery_frac"), 0.79);
        EXPECT_LE(num(s, "battery_frac"), 0.8);
    }
    const auto after = query(db, "SELECT status FROM requests WHERE submitted_s >= 20");
    ASSERT_FALSE(after.empty());
    for (const auto& r : after) EXPECT_EQ(r.at("status"), "ok");
}

TEST(Energy, RequestEnergyCountsEveryDeviceOnTheRoute) {
    const std::string db = temp_db("energy-relay");
    ASSERT_EQ(run_a2iot(kData + "energy-relay.yaml --db " + db), 0);
    const auto* wifi = type("redmi-note-8").radio("wifi");
    ASSERT_TRUE(wifi && wifi->power_known);
    // Flow model: a transfer over two hops takes both latencies + bytes / the slower link.
    const double up_s = 0.005 + 0.020 + 200e3 * 8 / 8e6;
    const double down_s = 0.005 + 0.020 + 2e3 * 8 / 8e6;
    const double a_j = wifi->tx_w * up_s + wifi->rx_w * down_s;      // the requesting phone
    const double b_j = (wifi->tx_w + wifi->rx_w) * (up_s + down_s);  // the relaying phone
    const auto rows = query(db, "SELECT * FROM requests");
    ASSERT_EQ(rows.size(), 3u);
    for (const auto& r : rows) {
        EXPECT_EQ(r.at("status"), "ok");
        EXPECT_NEAR(num(r, "latency_s"), up_s + 2e9 / core_speed("cloud-server") + down_s, 1e-6);
        EXPECT_NEAR(num(r, "device_energy_j"), a_j + b_j, 1e-9 * (a_j + b_j));
    }
}

TEST(Energy, PowerOverrideDrainsTheBatteryAndPricesRequests) {
    const std::string db = temp_db("energy-local-override");
    ASSERT_EQ(run_a2iot(kData + "energy-local-override.yaml --db " + db), 0);
    const auto& t = type("redmi-7a");
    const double exec_s = 1e10 / (*t.pstates[0].flops_per_s / t.cores);
    const double request_j = (2.5 - 0.3) / t.cores * exec_s;
    const auto rows = query(db, "SELECT * FROM requests");
    ASSERT_EQ(rows.size(), 4u);
    for (const auto& r : rows) {
        EXPECT_EQ(r.at("status"), "ok");
        EXPECT_NEAR(num(r, "device_energy_j"), request_j, 1e-9 * request_j);
    }
    const double capacity_j = t.battery->capacity_mah * 3.6 * t.battery->voltage_v;
    const auto last = query(db, "SELECT * FROM device_samples WHERE device='phone' AND t_s=40");
    ASSERT_FALSE(last.empty());
    const double drained_j = 0.3 * 40 + 4 * request_j;
    EXPECT_NEAR(num(last.back(), "energy_j"), drained_j, 1e-6 * drained_j);
    EXPECT_NEAR(num(last.back(), "battery_frac"), 1 - drained_j / capacity_j, 1e-9);
}

TEST(Times, EventAndSampleTimesAreStoredAsWritten) {
    const std::string db = temp_db("exact-times");
    ASSERT_EQ(run_a2iot(kData + "exact-times.yaml --db " + db), 0);
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    auto doubles = [&](const std::string& sql) {
        std::vector<double> v;
        sqlite3_stmt* st = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) v.push_back(sqlite3_column_double(st, 0));
        sqlite3_finalize(st);
        return v;
    };
    const auto events =
        doubles("SELECT t_s FROM events WHERE kind IN ('link','dvfs') ORDER BY t_s");
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0], parse_quantity("0.1s", Quantity::Time));
    EXPECT_EQ(events[1], parse_quantity("120s", Quantity::Time));
    EXPECT_EQ(events[2], parse_quantity("2.5min", Quantity::Time));
    const auto samples = doubles("SELECT t_s FROM device_samples WHERE device='cam'");
    const std::set<double> at(samples.begin(), samples.end());
    // 3 x 0.3 s is 0.8999999999999999 and 400 x 0.3 s 120.00000000000001 in floating point.
    for (const char* t : {"0.3s", "0.9s", "120s", "199.8s"})
        EXPECT_TRUE(at.count(parse_quantity(t, Quantity::Time))) << t;
    sqlite3_close(h);
}

}  // namespace
