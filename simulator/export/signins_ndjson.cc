// Sign-ins as NDJSON: the shard's part of the window, narrowed by from/to, rendered in parallel
// blocks and written in order (to a file that appears whole when complete, or to stdout).
#include <algorithm>
#include <cstdio>
#include <thread>

#include "base/atomic_file.h"
#include "simulator/export/formats.h"
#include "simulator/graph/signin_render.h"
#include "simulator/simulation/signin_log.h"

namespace tenantsim {

Status writeSignInsNdjson(const Simulation& sim, const ExportOptions& o,
                          const ProgressCallback& progress) {
  SignInLog log(sim);
  if (!log.enabled())
    return plainError(
        "the scenario has no sign-ins: tenant.license Free (Graph answers 403 "
        "Authentication_RequestFromNonPremiumTenantOrB2CTenant) or workloads.signIns false");
  auto [from, to] = shardRange(sim.scenario(), o.shard, o.shards);
  if (o.from) from = std::max(from, *o.from);
  if (o.to) to = std::min(to, *o.to);
  std::vector<SignIn> all = log.generate(from, to, o.threads);
  std::vector<SignIn> signIns;
  signIns.reserve(all.size());
  for (const SignIn& s : all)
    if (inDefaultPopulation(s, o.api)) signIns.push_back(s);
  all = {};

  const bool toStdout = o.out.empty() || o.out == "-";
  AtomicFile file;
  if (!toStdout)
    if (Status opened = file.open(o.out); !opened) return opened;
  auto write = [&](std::string_view bytes) -> Status {
    if (!toStdout) return file.write(bytes);
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size())
      return plainError("write to stdout failed");
    return {};
  };
  const size_t kBlock = 4096;
  unsigned threads = std::max(1u, o.threads);
  std::vector<std::string> buffers(threads);
  for (size_t base = 0; base < signIns.size(); base += kBlock * threads) {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      size_t a = std::min(signIns.size(), base + t * kBlock),
             b = std::min(signIns.size(), a + kBlock);
      auto job = [&, t, a, b] {
        buffers[t].clear();
        SignInDetails d;
        for (size_t i = a; i < b; ++i) {
          log.describe(signIns[i], d);
          renderSignIn(d, o.api, buffers[t]);
          buffers[t] += '\n';
        }
      };
      if (threads == 1)
        job();
      else
        pool.emplace_back(job);
    }
    for (auto& th : pool) th.join();
    for (auto& buffer : buffers)
      if (Status written = write(buffer); !written) return written;
    if (progress) progress(std::min(signIns.size(), base + kBlock * threads), signIns.size());
  }
  if (!toStdout) return file.commit();
  return std::fflush(stdout) == 0 ? Status() : plainError("write to stdout failed");
}

}  // namespace tenantsim
