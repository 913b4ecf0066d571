#include "sim/request_lifecycle.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/cut.hpp"
#include "sim/bandwidth_estimator.hpp"
#include "sim/battery_extension.hpp"
#include "sim/job_count.hpp"
#include "sim/policies/exit_model.hpp"
#include "sim/sensing.hpp"
#include "sim/stage_steps.hpp"
#include "sim/stage_stop.hpp"
#include "sim/tile_stage.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

namespace {

// Holds a memory reservation while a stage runs.
class Resident {
  public:
    Resident(DeviceRuntime& d, std::string key, double bytes) : d_(&d), key_(std::move(key)) {
        if (d_->resident[key_]++ == 0) d_->resident_bytes += bytes;
        bytes_ = bytes;
    }
    ~Resident() {
        if (--d_->resident[key_] == 0) {
            d_->resident.erase(key_);
            d_->resident_bytes -= bytes_;
        }
    }

  private:
    DeviceRuntime* d_;
    std::string key_;
    double bytes_ = 0;
};

// Memory needed to run `variant` on `d` now: nothing when it is already resident.
double memory_needed(const DeviceRuntime& d, const std::string& key, double bytes) {
    return d.resident.count(key) ? 0.0 : bytes;
}

}  // namespace

RequestLifecycle::RequestLifecycle(World& world, DeviceRuntime& device,
                                   const scenarios::WorkloadSpec& workload)
    : world_(world), device_(device), workload_(workload) {}

void RequestLifecycle::finish(World& w, RequestState& st, const std::string& status,
                              const std::string& reason, std::optional<double> completed_s,
                              std::optional<double> accuracy) {
    if (st.finalized) return;
    st.finalized = true;
    results::RequestRow row;
    row.request_id = st.id;
    row.device = st.device;
    row.model = st.model;
    row.variant = st.variant;
    row.submitted_s = st.submitted_s;
    row.completed_s = completed_s;
    if (completed_s) row.latency_s = *completed_s - st.submitted_s;
    row.deadline_s = st.deadline_s;
    row.status = status;
    row.split = st.split;
    row.target = st.target;
    row.bytes_sent = st.bytes_sent;
    // A stage cut off by the device's death counts up to now.
    st.energy.close(sg4::Engine::get_clock());
    if (st.energy.known)
        row.device_energy_j = st.energy.energy_j;
    else
        row.device_energy_j.reset();
    row.accuracy = accuracy;
    row.reason = reason;
    w.recorder->add(row);
    if (status == "ok")
        ++w.ok;
    else if (status == "deadline_missed")
        ++w.deadline_missed;
    else if (status == "failed")
        ++w.failed;
    else if (status == "timed_out")
        ++w.timed_out;
    else
        ++w.dropped;
}

void RequestLifecycle::operator()() {
    World& w = world_;
    DeviceRuntime& dev = device_;
    RequestState st;
    st.id = w.next_request_id++;
    st.device = dev.spec->id;
    st.model = workload_.model;
    st.submitted_s = sg4::Engine::get_clock();
    st.deadline_s = workload_.deadline_s;
    ++w.submitted;
    dev.in_flight.push_back(&st);
    struct Unlist {
        DeviceRuntime& d;
        const RequestState* st;
        ~Unlist() { std::erase(d.in_flight, st); }
    } unlist{dev, &st};

    const models::ModelCard& card = w.cards.at(workload_.model);
    Observation obs = Sensing(w).observe(dev, workload_, card);
    Decision dec = w.policy->decide(obs);

    const models::Variant* v = dec.drop ? nullptr : card.variant(dec.variant);
    if (v) {
        st.variant = v->name;
        if (dec.cut.on_device.size() == v->layers.size()) st.split = models::describe(*v, dec.cut);
    } else {
        st.variant = dec.variant;
    }
    st.target = dec.target;

    results::DecisionRow drow;
    drow.t_s = st.submitted_s;
    drow.device = st.device;
    drow.policy = w.policy_name;
    drow.variant = dec.variant;
    drow.split = st.split;
    drow.target = dec.target;
    for (const auto& t : obs.targets)
        if (t.id == dec.target) drow.est_bandwidth_bps = t.est_bandwidth_bps;
    drow.battery_frac = obs.device.battery_frac;
    drow.reason = dec.reason;

    // A decision the runtime cannot carry out is rejected: the row says why.
    auto reject = [&](const std::string& why) {
        drow.reason = dec.reason.empty() ? "rejected: " + why : dec.reason + "; rejected: " + why;
        w.recorder->add(drow);
        finish(w, st, "dropped", why, std::nullopt);
    };
    if (dec.drop) {
        w.recorder->add(drow);
        finish(w, st, "dropped", dec.reason.empty() ? "policy dropped the request" : dec.reason,
               std::nullopt);
        return;
    }
    if (!v)
        return reject(fmt::format("variant '{}' is not in the {} card", dec.variant, card.name));
    if (dec.cut.on_device.size() != v->layers.size() || !models::is_valid_cut(*v, dec.cut))
        return reject("invalid cut");

    // An early exit (Edgent) runs only the exit's trunk and branch: the layers after the exit are
    // not remote work, they are skipped. ExitModel gives that truncated model and its cut.
    std::optional<ExitModel> exit_model;
    const models::Variant* run_v = v;
    models::Cut run_cut = dec.cut;
    if (dec.exit >= 0) {
        if (static_cast<std::size_t>(dec.exit) >= v->exits.size())
            return reject(fmt::format("exit {} is not in variant {}", dec.exit, v->name));
        exit_model.emplace(*v, dec.exit);
        run_v = &exit_model->variant();
        run_cut = exit_model->from_full_cut(dec.cut);
    }
    // A fused-tile stage (DeepThings) computes the first fused_layers nodes as tiles; the
    // device side then only runs what follows them.
    double fused_flops = 0;
    std::optional<TileStage> tiles;
    if (!dec.tiles.empty()) {
        if (dec.exit >= 0) return reject("tiles with an early exit");
        if (dec.fused_layers < 1 || static_cast<std::size_t>(dec.fused_layers) > v->layers.size())
            return reject(
                fmt::format("fused_layers {} out of 1..{}", dec.fused_layers, v->layers.size()));
        for (int i = 0; i < dec.fused_layers; ++i) {
            if (!dec.cut.on_device[static_cast<std::size_t>(i)])
                return reject("the cut must keep the fused layers on the device");
            fused_flops += v->layers[static_cast<std::size_t>(i)].flops;
        }
        tiles.emplace(w, dev, dec.tiles);
        if (const std::string why = tiles->check(); !why.empty()) return reject(why);
        std::vector<std::string> workers;
        for (const auto& t : dec.tiles) {
            const std::string& id = t.target.empty() ? st.device : t.target;
            if (std::find(workers.begin(), workers.end(), id) == workers.end())
                workers.push_back(id);
        }
        st.split = fmt::format("{} tiles of {} nodes on {}; then {}", dec.tiles.size(),
                               dec.fused_layers, fmt::join(workers, ","), st.split);
        drow.split = st.split;
        if (dec.target.empty()) st.target = fmt::format("{}", fmt::join(workers, ","));
    }
    const double dev_flops = std::max(0.0, models::device_flops(*run_v, run_cut) - fused_flops);
    const double rem_flops = models::remote_flops(*run_v, run_cut);
    const auto up_bytes = models::boundary_bytes(*run_v, run_cut);
    const auto down_bytes = models::result_bytes(*run_v, run_cut);
    const bool remote =
        rem_flops > 0 || up_bytes > 0 || run_cut.device_count() < run_v->layers.size();
    const std::string mem_key = card.name + "/" + v->name;
    const auto mem_bytes = static_cast<double>(v->memory_bytes);

    DeviceRuntime* tgt = nullptr;
    const Route* route = nullptr;
    if (remote) {
        if (dev.routes) {
            auto it = dev.routes->find(dec.target);
            route = it == dev.routes->end() ? nullptr : &it->second;
        }
        if (dec.target.empty() || !route)
            return reject(fmt::format("no route to target '{}'", dec.target));
        tgt = route->target;
        if (tgt->state == "on" && !tgt->can_compute() && rem_flops > 0)
            return reject(fmt::format("target {} cannot run a CNN", tgt->spec->id));
        if (memory_needed(*tgt, mem_key, mem_bytes) > tgt->free_memory_bytes())
            return reject(fmt::format("variant {} needs {:.0f} B, target {} has {:.0f} B free",
                                      v->name, mem_bytes, tgt->spec->id, tgt->free_memory_bytes()));
    }
    if (dev_flops > 0) {
        if (!dev.can_compute())
            return reject(fmt::format("device {} ({}) cannot run a CNN", st.device, dev.type->id));
        if (memory_needed(dev, mem_key, mem_bytes) > dev.free_memory_bytes())
            return reject(fmt::format("variant {} needs {:.0f} B, device has {:.0f} B free",
                                      v->name, mem_bytes, dev.free_memory_bytes()));
    }
    w.recorder->add(drow);

    const StageContext ctx{st.submitted_s + workload_.timeout_s, workload_.timeout_s, &st.energy};
    try {
        if (tiles) {
            const TileStageOutcome o = tiles->run(ctx);
            st.energy.add(o.energy);
            st.bytes_sent += o.bytes_sent;
            if (!o.ok()) return finish(w, st, o.status, o.failure, std::nullopt);
        }
        if (dev_flops > 0) {
            Resident hold(dev, mem_key, mem_bytes);
            compute_on(dev, dev_flops, ctx);
        }
        if (remote) {
            JobCount job(tgt->remote_jobs);
            if (up_bytes > 0) {
                upload_bytes(dev, *tgt, up_bytes, route->relays, ctx,
                             [&w, route](double sent, double dt) {
                                 w.bandwidth->observe(route->est, sent, dt, route->latency_s());
                             });
                st.bytes_sent += up_bytes;
            }
            if (rem_flops > 0) {
                Resident hold(*tgt, mem_key, mem_bytes);
                compute_on(*tgt, rem_flops, ctx);
            }
            if (down_bytes > 0) send_bytes(*tgt, dev, down_bytes, route->relays, ctx);
        }
    } catch (const StageStop& e) {
        return finish(w, st, e.status(), e.what(), std::nullopt);
    } catch (const simgrid::HostFailureException& e) {
        return finish(
            w, st, "failed",
            fmt::format("host failure: {}", tgt && !tgt->host->is_on() ? tgt->spec->id + " is off"
                                                                       : std::string(e.what())),
            std::nullopt);
    } catch (const simgrid::NetworkFailureException& e) {
        return finish(w, st, "failed", fmt::format("network failure towards {}", dec.target),
                      std::nullopt);
    } catch (const simgrid::Exception& e) {
        return finish(w, st, "failed", e.what(), std::nullopt);
    }
    const double now = sg4::Engine::get_clock();
    std::optional<double> acc = v->accuracy;
    if (dec.exit >= 0 && static_cast<std::size_t>(dec.exit) < v->exits.size())
        acc = v->exits[static_cast<std::size_t>(dec.exit)].accuracy;
    const bool late = st.deadline_s && now - st.submitted_s > *st.deadline_s;
    finish(w, st, late ? "deadline_missed" : "ok", late ? "deadline exceeded" : "", now, acc);
}

}  // namespace a2iot::sim
