// The sign-in log in every export format: the shard's part of the window, narrowed by from/to,
// generated once and handed to the format's sign-in writer; and the ndjson writer.
#include <algorithm>

#include "simulator/export/formats.h"
#include "simulator/export/signin_output.h"
#include "simulator/graph/signin_render.h"

namespace tenantsim {
namespace {

struct SignInFormat {
  const char* name;
  SignInFormatWriter write;
};
constexpr SignInFormat kSignInFormats[] = {
    {"ndjson", writeSignInsNdjson}, {"graph-pages", writeSignInGraphPages},
    {"csv", writeSignInCsv},        {"eventhub", writeSignInEventHub},
    {"blob", writeSignInBlob},      {"loganalytics", writeSignInLogAnalytics},
};

}  // namespace

Status renderSignInsInOrder(const SignInLog& log, const std::vector<SignIn>& signIns,
                            const std::vector<uint32_t>* order, unsigned threads,
                            const SignInRenderer& render, const BlockConsumer& consume,
                            ProgressCounter& progress) {
  return renderDescribedInOrder<SignInDetails>(
      signIns, order, threads, [&](const SignIn& s, SignInDetails& d) { log.describe(s, d); },
      render, consume, progress);
}

std::vector<uint32_t> signInPositions(const std::vector<SignIn>& signIns,
                                      const std::function<bool(const SignIn&)>& keep,
                                      bool newestFirst) {
  std::vector<uint32_t> order;
  for (size_t i = 0; i < signIns.size(); ++i)
    if (keep(signIns[i])) order.push_back(static_cast<uint32_t>(i));
  if (newestFirst) std::reverse(order.begin(), order.end());
  return order;
}

std::string signInsNdjsonPath(const ExportOptions& o, bool withAudits) {
  return withAudits ? besideNdjson(o.out, "signIns") : o.out;
}

Status checkSignInExport(const ExportOptions& o, bool withAudits) {
  bool known = false;
  for (const SignInFormat& f : kSignInFormats) known = known || o.format == f.name;
  if (!known)
    return plainError("the sign-in log is not written as --format " + o.format +
                      " (it is written as ndjson, graph-pages, csv, eventhub, blob, "
                      "loganalytics)");
  if (withAudits && o.format == "ndjson" && (o.out.empty() || o.out == "-"))
    return plainError(
        "--log with audits and signIns writes two ndjson files: give --out FILE (sign-ins go to "
        "FILE.signIns.ndjson)");
  if (o.signInResultType != "code" && o.signInResultType != "outcome")
    return plainError("--signin-result-type must be code or outcome, got '" + o.signInResultType +
                      "'");
  if (isAzureBlobDestination(o.out))
    return plainError(
        "azblob:// destinations take --log audits (sign-in blobs are written to "
        "--out DIR)");
  return {};
}

Status writeSignIns(const Simulation& sim, const ExportOptions& o, bool withAudits,
                    const ProgressCallback& progress) {
  if (Status checked = checkSignInExport(o, withAudits); !checked) return checked;
  SignInLog log(sim);
  if (!log.enabled())
    return plainError(
        "the scenario has no sign-ins: tenant.license Free (Graph answers 403 "
        "Authentication_RequestFromNonPremiumTenantOrB2CTenant) or workloads.signIns false");
  auto [from, to] = exportRange(sim, o);
  std::vector<SignIn> signIns = log.generate(from, to, o.threads);
  for (const SignInFormat& f : kSignInFormats) {
    if (o.format != f.name) continue;
    ExportOptions file = o;
    if (o.format == "ndjson") file.out = signInsNdjsonPath(o, withAudits);
    if (Status written = f.write(log, signIns, file, progress); !written) return written;
    return writeSignInLabelsAlongside(sim, log, signIns, file);
  }
  return plainError("unknown format '" + o.format + "'");
}

Status writeSignInsNdjson(const SignInLog& log, const std::vector<SignIn>& all,
                          const ExportOptions& o, const ProgressCallback& progress) {
  std::vector<SignIn> signIns;
  signIns.reserve(all.size());
  for (const SignIn& s : all)
    if (inDefaultPopulation(s, o.api)) signIns.push_back(s);
  return writeLines(signIns.size(), o, progress, [&](size_t a, size_t b, std::string& out) {
    SignInDetails d;
    for (size_t i = a; i < b; ++i) {
      log.describe(signIns[i], d);
      renderSignIn(d, o.api, out);
      out += '\n';
    }
  });
}

}  // namespace tenantsim
