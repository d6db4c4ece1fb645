// What the sign-in exports share: the writers of each format, and parallel rendering of sign-ins
// in a chosen order (the sign-in counterpart of renderInOrder).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "simulator/export/output.h"
#include "simulator/export/signin_records.h"
#include "simulator/simulation/signin_log.h"

namespace tenantsim {

// Writes the export's sign-ins (every kind, sorted by time and key) in one format. Each writer
// picks the kinds its format holds (Graph shapes: the --api version's population).
using SignInFormatWriter = Status (*)(const SignInLog& log, const std::vector<SignIn>& signIns,
                                      const ExportOptions& o, const ProgressCallback& progress);
Status writeSignInsNdjson(const SignInLog&, const std::vector<SignIn>&, const ExportOptions&,
                          const ProgressCallback&);
Status writeSignInGraphPages(const SignInLog&, const std::vector<SignIn>&, const ExportOptions&,
                             const ProgressCallback&);
Status writeSignInCsv(const SignInLog&, const std::vector<SignIn>&, const ExportOptions&,
                      const ProgressCallback&);
Status writeSignInEventHub(const SignInLog&, const std::vector<SignIn>&, const ExportOptions&,
                           const ProgressCallback&);
Status writeSignInBlob(const SignInLog&, const std::vector<SignIn>&, const ExportOptions&,
                       const ProgressCallback&);
Status writeSignInLogAnalytics(const SignInLog&, const std::vector<SignIn>&, const ExportOptions&,
                               const ProgressCallback&);

// ExportOptions::signInResultType as the record renderers take it (checked by checkSignInExport).
inline WorkloadResultType workloadResultType(const ExportOptions& o) {
  return o.signInResultType == "outcome" ? WorkloadResultType::Outcome : WorkloadResultType::Code;
}

// Renders one described sign-in into out (appending).
using SignInRenderer = std::function<void(const SignInDetails& d, std::string& out)>;

// Renders signIns[(*order)[0]], signIns[(*order)[1]], ... (all in sequence when order is null) on
// up to `threads` threads and hands the blocks to consume in order.
Status renderSignInsInOrder(const SignInLog& log, const std::vector<SignIn>& signIns,
                            const std::vector<uint32_t>* order, unsigned threads,
                            const SignInRenderer& render, const BlockConsumer& consume,
                            ProgressCounter& progress);

// Positions of the sign-ins that keep() accepts, in time order or newest first.
std::vector<uint32_t> signInPositions(const std::vector<SignIn>& signIns,
                                      const std::function<bool(const SignIn&)>& keep,
                                      bool newestFirst);

}  // namespace tenantsim
