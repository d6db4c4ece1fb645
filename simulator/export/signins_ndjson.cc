// Sign-ins as NDJSON: the shard's part of the window, narrowed by from/to, rendered in parallel
// blocks and written in order (to a file that appears whole when complete, or to stdout).
#include <algorithm>

#include "simulator/export/formats.h"
#include "simulator/export/output.h"
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

  Status written =
      writeLines(signIns.size(), o, progress, [&](size_t a, size_t b, std::string& out) {
        SignInDetails d;
        for (size_t i = a; i < b; ++i) {
          log.describe(signIns[i], d);
          renderSignIn(d, o.api, out);
          out += '\n';
        }
      });
  if (!written) return written;
  return writeSignInLabelsAlongside(sim, log, signIns, o);
}

}  // namespace tenantsim
