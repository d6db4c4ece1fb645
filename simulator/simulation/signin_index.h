// The sign-in store: the SignInLog's sign-ins in an IndexedRecordStore (record_store.h), with a
// PostingIndex over what a selective sign-in $filter names: id, correlation id, user (and its
// principal name as an alias), app, IP address, error code and sign-in kind. The values are those
// the sign-in renders (SignInLog::describe), keyed by auditIndexKey (ASCII-lowercased hash): the
// filter, run on every candidate, decides case.
//
// Bytes per sign-in: 32 for the record, about 5.1 per hashed posting (id, correlation, user, app,
// IP: 4-5 per sign-in), 4 per direct posting (the error code of failures only; the kind of all
// but non-interactive sign-ins, the bulk, which a scan serves as well): about 60 in all
// (docs/signins.md#serving measures it). The risk fields are posted for risky sign-ins only
// (a few in ten thousand): well under 0.1 byte per sign-in.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "simulator/simulation/record_store.h"
#include "simulator/simulation/signin.h"
#include "simulator/simulation/signin_log.h"

namespace tenantsim {

enum class SignInDimension : uint8_t {
  Id,           // id (= originalRequestId)
  Correlation,  // correlationId
  User,         // userId (user sign-ins)
  App,          // appId
  IpAddress,    // ipAddress (when not empty)
  ErrorCode,    // status/errorCode, failures only (direct: the SignInFailure)
  Kind,         // signInEventTypes, all kinds but nonInteractiveUser (direct: SignInKind)
  Risk,  // risky sign-ins only (a planned detection): their risk fields, keyed by riskIndexKey
};
constexpr size_t kSignInDimensions = 8;

// The Risk dimension's key for a risk field's rendered value. A sign-in without a detection has
// only the default values (levels `none`, or `low` for workload identities; riskState `none`;
// no event types; `hidden` on P1), so any other value is found among the posted risky sign-ins.
enum class SignInRiskField : char {
  LevelDuringSignIn = 'd',
  LevelAggregated = 'a',
  State = 's',
  EventType = 't',  // riskEventTypes_v2 and the legacy riskEventTypes
};
uint64_t riskIndexKey(SignInRiskField field, std::string_view value);

// Alias kinds: a user principal name names User keys.
enum class SignInAlias : uint8_t { UserPrincipalName };

// Whether the Kind dimension lists sign-ins of kind k (every kind but NonInteractive).
constexpr bool kindIsIndexed(SignInKind k) { return k != SignInKind::NonInteractive; }

class SignInIndexer {
 public:
  explicit SignInIndexer(const SignInLog& log)
      : log_(&log),
        seed_(log.simulation().scenario().seed),
        hidden_(log.simulation().scenario().tenant.license == "P1") {}
  void collect(const SignIn& s, uint32_t position, std::vector<Posting>& postings,
               std::vector<IndexAlias>& aliases);

 private:
  struct UserKeys {
    uint64_t id = 0;
    std::string homeIp;
  };
  const SignInLog* log_;
  uint64_t seed_ = 0;
  bool hidden_ = false;  // P1: the risk fields read `hidden` / `generic`
  SignInDetails details_;
  std::unordered_map<uint32_t, UserKeys> users_;  // by principal; first sight adds the alias
  User user_;
};

using SignInStore = IndexedRecordStore<SignIn, SignInIndexer>;

// An empty store indexing with `log`, which must outlive it.
std::unique_ptr<SignInStore> makeSignInStore(const SignInLog& log);

// A store holding the log's sign-ins of [from, to), generated and indexed on `threads` threads.
std::unique_ptr<SignInStore> buildSignInStore(const SignInLog& log, Ticks from, Ticks to,
                                              unsigned threads);

}  // namespace tenantsim
