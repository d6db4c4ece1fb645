#include "simulator/simulation/tenant.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "base/rng.h"
#include "base/strings.h"

namespace tenantsim {
namespace {

constexpr RoleTemplate kRoles[] = {
    {"Global Administrator", "62e90394-69f5-4237-9190-012177145e10", true},
    {"Privileged Role Administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814", true},
    {"Security Administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d", true},
    {"Conditional Access Administrator", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", true},
    {"Privileged Authentication Administrator", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13", true},
    {"Intune Administrator", "3a2c62db-5318-420d-8d74-23affee5d9d5", true},
    {"User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1", false},
    {"Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de", false},
    {"SharePoint Administrator", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c", false},
    {"Application Administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", false},
    {"Cloud Application Administrator", "158c047a-c907-4556-b7ef-446551a6b5f7", false},
    {"Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8", false},
    {"Groups Administrator", "fdd7a751-b60b-444a-984c-02652fe8fa1c", false},
    {"Authentication Administrator", "c4e39bd9-1100-46d3-8c65-fb160da0071f", false},
    {"Security Reader", "5d6b6bb7-de71-4623-b4af-96380a352509", false},
    {"Reports Reader", "4a5d8f65-41da-4de4-8968-e035b65339cf", false},
    {"Global Reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451", false},
    {"Billing Administrator", "b0f54661-2d74-4c50-afa3-1ec803f12efe", false},
    {"Compliance Administrator", "17315797-102d-40b4-93e0-432062caca18", false},
    {"Teams Administrator", "69091246-20e8-4a56-aa4d-066075b2a7a8", false},
};

constexpr std::string_view kFirstNames[] = {
    "Ana",      "Ben",     "Chloe",  "David",   "Elena",  "Farid",     "Grace",   "Hiro",
    "Ines",     "James",   "Kavya",  "Liam",    "Maria",  "Noah",      "Olga",    "Pedro",
    "Quinn",    "Rosa",    "Sven",   "Tara",    "Umar",   "Vera",      "Wei",     "Ximena",
    "Yusuf",    "Zoe",     "Aisha",  "Bruno",   "Carmen", "Dmitri",    "Emma",    "Felix",
    "Gabriela", "Hassan",  "Isabel", "Jonas",   "Keiko",  "Lucas",     "Mei",     "Nadia",
    "Oscar",    "Priya",   "Rafael", "Sofia",   "Tomas",  "Valentina", "William", "Yara",
    "Adrian",   "Beatriz", "Connor", "Daniela", "Ethan",  "Fatima",    "George",  "Hannah",
    "Ivan",     "Julia",   "Kenji",  "Laura",   "Mateo",  "Nora",      "Omar",    "Paula"};
constexpr std::string_view kLastNames[] = {
    "Ruiz",     "Smith",   "Nguyen",   "Muller",    "Rossi",   "Tanaka", "Kowalski", "Haddad",
    "Silva",    "Johnson", "Patel",    "Garcia",    "Kim",     "Novak",  "Larsen",   "Okafor",
    "Dubois",   "Ivanova", "Chen",     "Brown",     "Fischer", "Costa",  "Yamamoto", "Khan",
    "Andersen", "Moreau",  "Schmidt",  "Lopez",     "Wilson",  "Petrov", "Sato",     "Martin",
    "Bianchi",  "Nowak",   "Jensen",   "Alvarez",   "Singh",   "Taylor", "Weber",    "Ferreira",
    "Ito",      "Clarke",  "Romero",   "Lindqvist", "Mendes",  "Walker", "Herrera",  "Kaur",
    "Becker",   "Ortiz",   "Suzuki",   "Evans",     "Castro",  "Berg",   "Ramos",    "Wright",
    "Vargas",   "Hughes",  "Nakamura", "Reyes",     "Baker",   "Torres", "Wagner",   "Flores"};
constexpr std::string_view kDepartments[] = {
    "Finance", "Sales",      "Engineering",      "Marketing", "Human Resources",
    "Legal",   "Operations", "Customer Support", "IT",        "Research"};
constexpr std::string_view kTitles[] = {"Analyst",  "Manager",     "Engineer",   "Specialist",
                                        "Director", "Coordinator", "Consultant", "Associate"};

void guid(uint64_t seed, std::string_view stream, uint64_t index, Guid& out) {
  guidFrom(seed, stream, index, out.data());
}

Guid makeGuid(uint64_t seed, std::string_view stream, uint64_t index) {
  Guid g;
  guid(seed, stream, index, g);
  return g;
}

// Documentation address ranges (RFC 5737) plus a few realistic corporate egress blocks. Written
// into a buffer without printf and appended once: fillUser runs for every user-initiated event
// served.
void appendIpFor(uint64_t seed, int64_t index, std::string& out) {
  Rng r(seed, "ip", static_cast<uint64_t>(index));
  static constexpr int kPrefixes[][3] = {{203, 0, 113},  {198, 51, 100}, {192, 0, 2},
                                         {20, 190, 128}, {40, 126, 32},  {52, 96, 11}};
  const auto& prefix = kPrefixes[r.below(std::size(kPrefixes))];
  char buf[16];
  char* p = buf;
  auto octet = [&p](int v) {
    if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
    if (v >= 10) *p++ = static_cast<char>('0' + v / 10 % 10);
    *p++ = static_cast<char>('0' + v % 10);
  };
  for (int v : prefix) {
    octet(v);
    *p++ = '.';
  }
  octet(static_cast<int>(r.between(1, 254)));
  out.append(buf, p);
}

std::string ipFor(uint64_t seed, int64_t index) {
  std::string ip;
  appendIpFor(seed, index, ip);
  return ip;
}

}  // namespace

std::span<const RoleTemplate> builtInRoles() { return kRoles; }
const RoleTemplate& globalAdministrator() { return kRoles[0]; }

Tenant::Tenant(const Scenario& s)
    : seed_(s.seed),
      id_(s.tenant.id),
      name_(s.tenant.name),
      domain_(s.tenant.domain),
      userCount_(s.tenant.users),
      adminCount_(std::max<int64_t>(3, std::min<int64_t>(s.tenant.users, s.tenant.users / 200))) {
  if (adminCount_ > userCount_) adminCount_ = userCount_;
  if (id_.empty()) id_ = std::string(view(makeGuid(seed_, "tenant", 0)));

  // First-party service principals first: their app ids are the real ones.
  auto firstParty = [&](std::string_view name, std::string_view appId) {
    applications_.push_back(
        {std::string(name), std::string(appId), makeGuid(seed_, "sp", applications_.size()), true});
  };
  firstParty("Microsoft Intune portal extension", "5926fc8e-304e-4f59-8bed-58ca97cc39a4");
  firstParty("MS-PIM", "01fc33a7-78ba-4d2f-a4b7-768e336e890e");
  firstParty("Microsoft Graph", "00000003-0000-0000-c000-000000000000");
  firstParty("Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c");
  firstParty("Microsoft Azure CLI", "04b07795-8ddb-461a-bbee-02f9e1bf7b46");
  firstParty("Microsoft Graph Command Line Tools", "14d82eec-204b-4c2f-b7e8-296a70dab67e");
  firstParty("Microsoft Intune", "0000000a-0000-0000-c000-000000000000");
  firstParty("Microsoft Substrate Management", "98db8bd6-0cc0-4e67-9de5-f187f1cd1b41");
  static constexpr std::string_view kAppNames[] = {"HR Sync Connector",
                                                   "Payroll Gateway",
                                                   "billing-worker",
                                                   "ServiceNow Connector",
                                                   "Backup Agent",
                                                   "Expense Portal",
                                                   "Sales Dashboard",
                                                   "SIEM Collector",
                                                   "Wiki",
                                                   "CRM Bridge"};
  int64_t customApps = std::clamp<int64_t>(userCount_ / 100, 2, 400);
  for (int64_t i = 0; i < customApps; ++i) {
    std::string name(kAppNames[i % std::size(kAppNames)]);
    if (i >= static_cast<int64_t>(std::size(kAppNames))) name += " " + std::to_string(i);
    applications_.push_back({name, std::string(view(makeGuid(seed_, "appid", i))),
                             makeGuid(seed_, "sp", applications_.size()), false});
  }

  int64_t groupCount = std::clamp<int64_t>(userCount_ / 20, 5, 5000);
  for (int64_t i = 0; i < groupCount; ++i) {
    std::string dept(kDepartments[i % std::size(kDepartments)]);
    static constexpr std::string_view kKinds[] = {"Team", "Project", "All", "Admins", "Readers"};
    std::string name = dept + " " + std::string(kKinds[(i / std::size(kDepartments)) % 5]);
    if (i >= 50) name += " " + std::to_string(i / 50);
    groups_.push_back({makeGuid(seed_, "group", i), name, i % 3 == 0});
  }

  int64_t eligible =
      std::min<int64_t>(userCount_, s.workloads.pim ? s.workloads.pim->eligibleUsers : 0);
  for (int64_t i = 0; i < eligible; ++i) {
    Rng r(seed_, "eligibility", i);
    Eligibility e;
    e.user = static_cast<int64_t>(r.below(static_cast<uint64_t>(userCount_)));
    e.forGroup = s.workloads.pim && r.chance(s.workloads.pim->groupShare);
    e.role =
        static_cast<uint16_t>(e.forGroup ? r.below(groups_.size()) : r.below(std::size(kRoles)));
    e.requiresApproval =
        s.workloads.pim && (r.chance(s.workloads.pim->approvalShare) ||
                            (!e.forGroup && kRoles[e.role].privileged && r.chance(0.5)));
    eligibilities_.push_back(e);
  }

  int64_t locations =
      s.workloads.conditionalAccess ? s.workloads.conditionalAccess->namedLocations : 2;
  static constexpr std::string_view kLocationNames[] = {"Corporate HQ",      "Branch offices",
                                                        "Blocked countries", "VPN egress",
                                                        "Trusted partners",  "Datacenter"};
  for (int64_t i = 0; i < locations; ++i) {
    NamedLocation l;
    l.id = makeGuid(seed_, "namedLocation", i);
    l.displayName = std::string(kLocationNames[i % std::size(kLocationNames)]);
    if (i >= static_cast<int64_t>(std::size(kLocationNames)))
      l.displayName += " " + std::to_string(i);
    l.ipBased = i % 3 != 2;
    l.trusted = i % 3 == 0;
    l.ranges = l.ipBased ? "[\"" + ipFor(seed_, -1 - i) + "/28\"]" : "[\"KP\",\"IR\",\"RU\"]";
    namedLocations_.push_back(l);
  }

  int64_t policies = s.workloads.conditionalAccess ? s.workloads.conditionalAccess->policies : 4;
  static constexpr std::string_view kPolicyNames[] = {"Require MFA for admins",
                                                      "Block legacy authentication",
                                                      "Require compliant device",
                                                      "Require MFA for Azure management",
                                                      "Block access from risky countries",
                                                      "Require MFA for guests",
                                                      "Sign-in risk policy",
                                                      "User risk policy",
                                                      "Require approved client apps",
                                                      "Session lifetime for unmanaged devices"};
  for (int64_t i = 0; i < policies; ++i) {
    std::string name(kPolicyNames[i % std::size(kPolicyNames)]);
    if (i >= static_cast<int64_t>(std::size(kPolicyNames))) name += " " + std::to_string(i);
    Rng r(seed_, "caPolicyCreated", i);
    Ticks created = s.windowStart() - static_cast<Ticks>((30 + r.below(700)) * kTicksPerDay) -
                    static_cast<Ticks>(r.below(kTicksPerDay));
    caPolicies_.push_back({makeGuid(seed_, "caPolicy", i), name, created});
  }

  if (s.workloads.cloudPki) {
    const CloudPkiConfig& pki = *s.workloads.cloudPki;
    for (int64_t i = 0; i < pki.rootCAs; ++i) {
      std::string name = name_ + " Root CA" + (i ? " " + std::to_string(i + 1) : "");
      cas_.push_back({makeGuid(seed_, "ca", cas_.size()), name, true, -1, name, 0});
    }
    for (int64_t i = 0; i < pki.issuingCAs; ++i) {
      std::string name = name_ + " Issuing CA " + std::to_string(i + 1);
      int parent = pki.rootCAs ? static_cast<int>(i % pki.rootCAs) : -1;
      cas_.push_back({makeGuid(seed_, "ca", cas_.size()), name, false, parent, name,
                      pki.leafCertificatesPerCA});
    }
  }
}

const RoleTemplate& Tenant::adminRole(int64_t admin) const {
  if (admin == 0) return kRoles[0];
  Rng r(seed_, "adminRole", static_cast<uint64_t>(admin));
  return kRoles[r.below(std::size(kRoles))];
}

void Tenant::userId(int64_t index, Guid& out) const {
  guid(seed_, "user", static_cast<uint64_t>(index), out);
}

User Tenant::user(int64_t index) const {
  User u;
  fillUser(index, u);
  return u;
}

void Tenant::fillUser(int64_t index, User& u) const {
  u.index = index;
  userId(index, u.id);
  // A bijection from index to (first, last, number) keeps names unique at any tenant size.
  constexpr uint64_t kF = std::size(kFirstNames), kL = std::size(kLastNames);
  uint64_t i = static_cast<uint64_t>(index);
  uint64_t first = (i * 37 + i / kF) % kF, last = (i / kF) % kL, number = i / (kF * kL);
  std::string_view f = kFirstNames[first], l = kLastNames[last];
  // Each string is put together in a buffer and assigned once (this runs for every user-initiated
  // event served): "First Last", "first.last[number]@domain".
  constexpr auto longest = [](const auto& names) {
    size_t n = 0;
    for (std::string_view name : names) n = std::max(n, name.size());
    return n;
  };
  char buf[96];
  static_assert(longest(kFirstNames) + longest(kLastNames) + 2 + 20 <= sizeof buf);
  char* p = buf;
  auto put = [&p](std::string_view part) {
    if (!part.empty()) std::memcpy(p, part.data(), part.size());
    p += part.size();
  };
  put(f);
  *p++ = ' ';
  put(l);
  u.displayName.assign(buf, p);
  p = buf;
  put(f);
  *p++ = '.';
  put(l);
  for (char* c = buf; c != p; ++c) *c = asciiLower(*c);
  if (number) p = std::to_chars(p, buf + sizeof buf, number).ptr;
  u.userPrincipalName.assign(buf, p);
  u.userPrincipalName += '@';
  u.userPrincipalName += domain_;
  Rng r(seed_, "userProfile", i);
  u.department.assign(kDepartments[r.below(std::size(kDepartments))]);
  u.jobTitle.assign(kTitles[r.below(std::size(kTitles))]);
  u.ipAddress.clear();
  appendIpFor(seed_, index, u.ipAddress);
}

void Tenant::deviceId(int64_t index, Guid& out) const {
  guid(seed_, "device", static_cast<uint64_t>(index), out);
}

Device Tenant::device(int64_t index) const {
  Device d;
  guid(seed_, "device", static_cast<uint64_t>(index), d.id);
  Rng r(seed_, "deviceProfile", static_cast<uint64_t>(index));
  static constexpr std::string_view kOs[] = {"Windows", "Windows", "Windows",
                                             "iOS",     "Android", "MacMDM"};
  d.operatingSystem = std::string(kOs[r.below(std::size(kOs))]);
  char name[32];
  std::snprintf(name, sizeof name, "%s-%06lld",
                d.operatingSystem == "Windows" ? "DESKTOP" : "MOBILE",
                static_cast<long long>(index));
  d.displayName = name;
  return d;
}

std::string Tenant::leafSerial(int ca, int64_t leaf) const {
  Rng r(seed_, "leafSerial", static_cast<uint64_t>(ca), static_cast<uint64_t>(leaf));
  char buf[41];
  std::snprintf(buf, sizeof buf, "%016llX%016llX%08X", static_cast<unsigned long long>(r.next()),
                static_cast<unsigned long long>(r.next()), static_cast<unsigned>(r.next()));
  return buf;
}

}  // namespace tenantsim
