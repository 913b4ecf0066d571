#include "sim/tile_stage.hpp"

#include <fmt/core.h>

#include <memory>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

#include "sim/bandwidth_estimator.hpp"
#include "sim/job_count.hpp"
#include "sim/stage_steps.hpp"

namespace a2iot::sim {

namespace sg4 = simgrid::s4u;

TileStage::TileStage(World& world, DeviceRuntime& device, const std::vector<TileTask>& tiles)
    : world_(world), device_(device), tiles_(tiles) {}

std::string TileStage::check() const {
    for (const auto& t : tiles_) {
        if (t.flops < 0 || t.input_bytes < 0 || t.output_bytes < 0)
            return "a tile with negative work";
        if (t.target.empty()) {
            if (!device_.can_compute())
                return fmt::format("device {} cannot compute a tile", device_.spec->id);
            continue;
        }
        if (!world_.by_id.count(t.target) || !world_.route(device_.spec->id, t.target))
            return fmt::format("no route to tile worker '{}'", t.target);
        const DeviceRuntime& w = world_.device(t.target);
        if (w.state == "on" && !w.can_compute())
            return fmt::format("tile worker {} cannot compute", t.target);
    }
    return {};
}

TileStageOutcome TileStage::run(const StageContext& ctx) {
    struct TileResult {
        std::string failure;
        std::string status = "failed";
        EnergyTally energy;
        std::int64_t bytes_sent = 0;
    };
    // Shared with the tile actors: a killed request actor must not leave them a dangling frame.
    auto results = std::make_shared<std::vector<TileResult>>(tiles_.size());
    std::vector<sg4::ActorPtr> actors;
    actors.reserve(tiles_.size());
    World& w = world_;
    DeviceRuntime& dev = device_;
    const double deadline_s = ctx.deadline_s, timeout_s = ctx.timeout_s;
    for (std::size_t i = 0; i < tiles_.size(); ++i) {
        actors.push_back(sg4::Actor::create(
            "tile", dev.host, [&w, &dev, t = tiles_[i], results, i, deadline_s, timeout_s] {
                TileResult& r = (*results)[i];
                const StageContext tctx{deadline_s, timeout_s, &r.energy};
                DeviceRuntime* tgt = t.target.empty() ? nullptr : &w.device(t.target);
                try {
                    if (!tgt) {
                        compute_on(dev, t.flops, tctx);
                        return;
                    }
                    JobCount job(tgt->remote_jobs);
                    const Route* route = w.route(dev.spec->id, t.target);
                    if (t.input_bytes > 0) {
                        upload_bytes(dev, *tgt, t.input_bytes, route->relays, tctx,
                                     [&w, route](double sent, double dt) {
                                         w.bandwidth->observe(route->est, sent, dt,
                                                              route->latency_s());
                                     });
                        r.bytes_sent += t.input_bytes;
                    }
                    if (t.flops > 0) compute_on(*tgt, t.flops, tctx);
                    if (t.output_bytes > 0)
                        send_bytes(*tgt, dev, t.output_bytes, route->relays, tctx);
                } catch (const StageStop& e) {
                    r.failure = fmt::format("tile on {}: {}",
                                            t.target.empty() ? dev.spec->id : t.target, e.what());
                    r.status = e.status();
                } catch (const simgrid::HostFailureException&) {
                    r.failure = fmt::format("host failure: tile worker {} is off", t.target);
                } catch (const simgrid::NetworkFailureException&) {
                    r.failure = fmt::format("network failure towards tile worker {}", t.target);
                } catch (const simgrid::Exception& e) {
                    r.failure = fmt::format("tile on {}: {}", t.target, e.what());
                }
            }));
    }
    for (auto& a : actors) a->join();
    TileStageOutcome out;
    for (const auto& r : *results) {
        if (out.failure.empty() && !r.failure.empty()) {
            out.failure = r.failure;
            out.status = r.status;
        }
        out.energy.add(r.energy);
        out.bytes_sent += r.bytes_sent;
    }
    return out;
}

}  // namespace a2iot::sim
