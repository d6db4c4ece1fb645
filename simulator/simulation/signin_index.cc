#include "simulator/simulation/signin_index.h"

#include "simulator/simulation/event_index.h"

namespace tenantsim {
namespace {

void post(std::vector<Posting>& out, SignInDimension dimension, uint64_t key, uint32_t position) {
  out.push_back({key, position, static_cast<uint8_t>(dimension)});
}

}  // namespace

void SignInIndexer::collect(const SignIn& s, uint32_t position, std::vector<Posting>& postings,
                            std::vector<IndexAlias>& aliases) {
  SignInDetails& d = details_;
  const bool user = s.kind == SignInKind::Interactive || s.kind == SignInKind::NonInteractive;
  const UserKeys* keys = nullptr;
  if (user) {
    auto [it, added] = users_.try_emplace(s.principal);
    if (added) {
      log_->simulation().tenant().fillUser(s.principal, user_);
      it->second.id = auditIndexKey(view(user_.id));
      it->second.homeIp = user_.ipAddress;
      aliases.push_back({static_cast<uint8_t>(SignInAlias::UserPrincipalName),
                         auditIndexKey(user_.userPrincipalName), it->second.id});
    }
    keys = &it->second;
  }
  log_->describeIndexed(s, keys ? std::string_view(keys->homeIp) : std::string_view(), d);
  post(postings, SignInDimension::Id, auditIndexKey(d.id), position);
  post(postings, SignInDimension::Correlation, auditIndexKey(d.correlationId), position);
  if (keys) post(postings, SignInDimension::User, keys->id, position);
  if (!d.appId.empty()) post(postings, SignInDimension::App, auditIndexKey(d.appId), position);
  if (!d.ipAddress.empty())
    post(postings, SignInDimension::IpAddress, auditIndexKey(d.ipAddress), position);
  if (!s.ok())
    post(postings, SignInDimension::ErrorCode, static_cast<uint64_t>(s.failure), position);
  if (kindIsIndexed(s.kind))
    post(postings, SignInDimension::Kind, static_cast<uint64_t>(s.kind), position);
}

std::unique_ptr<SignInStore> makeSignInStore(const SignInLog& log) {
  return std::make_unique<SignInStore>(
      PostingIndex(kSignInDimensions, {static_cast<uint8_t>(SignInDimension::ErrorCode),
                                       static_cast<uint8_t>(SignInDimension::Kind)}),
      [&log] { return SignInIndexer(log); });
}

std::unique_ptr<SignInStore> buildSignInStore(const SignInLog& log, Ticks from, Ticks to,
                                              unsigned threads) {
  std::unique_ptr<SignInStore> store = makeSignInStore(log);
  if (!log.enabled()) return store;
  const std::vector<SignIn> signIns = log.generate(from, to, threads);
  store->expect(signIns.size());
  store->append(signIns, threads);
  return store;
}

}  // namespace tenantsim
