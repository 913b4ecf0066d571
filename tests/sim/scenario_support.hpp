#pragma once
// Helpers of the scenario-level simulator tests: each test runs the build's a2iot (A2IOT_BIN) as a
// subprocess, because SimGrid allows one engine per process, and reads the SQLite results.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "devices/catalog.hpp"

namespace a2iot_sim_test {

inline const std::string kData = std::string(A2IOT_SOURCE_DIR) + "/tests/data/sim/";

inline std::string temp_db(const std::string& name) {
    const std::filesystem::path dir = std::filesystem::path(A2IOT_BINARY_DIR) / "test-sim-dbs";
    std::filesystem::create_directories(dir);
    const std::filesystem::path p = dir / (name + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix);
    return p.string();
}

// env: variable assignments for the child, such as "A2IOT_CARDS=/dir".
inline int run_a2iot(const std::string& args, const std::string& env = "") {
    const std::string cmd =
        env + " " + std::string(A2IOT_BIN) + " run " + args + " --quiet >/dev/null 2>&1";
    const int st = std::system(cmd.c_str());
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// Runs `a2iot run ARGS` (not quiet) and returns its exit code and standard output.
inline std::pair<int, std::string> run_a2iot_output(const std::string& args) {
    const std::string out =
        (std::filesystem::path(A2IOT_BINARY_DIR) / "test-sim-dbs" / "last-run.out").string();
    std::filesystem::create_directories(std::filesystem::path(out).parent_path());
    const std::string cmd = std::string(A2IOT_BIN) + " run " + args + " >" + out + " 2>&1";
    const int st = std::system(cmd.c_str());
    std::string text;
    if (FILE* f = std::fopen(out.c_str(), "r")) {
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
        std::fclose(f);
    }
    return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, text};
}

using Row = std::map<std::string, std::string>;

inline std::vector<Row> query(const std::string& db, const std::string& sql) {
    sqlite3* h = nullptr;
    std::vector<Row> out;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "cannot open " << db;
        sqlite3_close(h);
        return out;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << sqlite3_errmsg(h) << " in " << sql;
    } else {
        while (sqlite3_step(st) == SQLITE_ROW) {
            Row r;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                const auto* t = sqlite3_column_text(st, i);
                r[sqlite3_column_name(st, i)] = t ? reinterpret_cast<const char*>(t) : "NULL";
            }
            out.push_back(std::move(r));
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

inline double num(const Row& r, const std::string& k) {
    return std::stod(r.at(k));
}

inline const a2iot::devices::DeviceType& type(const std::string& id) {
    const auto* t = a2iot::devices::Catalog::builtin().find(id);
    if (!t) throw std::runtime_error("catalog lacks " + id);
    return *t;
}

inline double core_speed(const std::string& id, int state = 0) {
    const auto& t = type(id);
    return *t.pstates.at(static_cast<std::size_t>(state)).flops_per_s / t.cores;
}

}  // namespace a2iot_sim_test
