// The fixed vocabulary of alerts and incidents: enum member names and each alert kind's texts
// (docs/security-alerts.md#what-raises-what).
#include "simulator/simulation/alert_log.h"

namespace tenantsim {

std::string_view alertSeverityName(AlertSeverity s) {
  switch (s) {
    case AlertSeverity::Low:
      return "low";
    case AlertSeverity::Medium:
      return "medium";
    case AlertSeverity::High:
      return "high";
  }
  return "unknown";
}

std::string_view alertStatusName(AlertStatus s) {
  switch (s) {
    case AlertStatus::New:
      return "new";
    case AlertStatus::InProgress:
      return "inProgress";
    case AlertStatus::Resolved:
      return "resolved";
  }
  return "unknown";
}

std::string_view alertClassificationName(AlertVerdict v) {
  switch (v) {
    case AlertVerdict::CompromisedAccount:
    case AlertVerdict::MultiStagedAttack:
    case AlertVerdict::MaliciousUserActivity:
      return "truePositive";
    case AlertVerdict::NotMalicious:
      return "falsePositive";
    case AlertVerdict::ConfirmedActivity:
      return "informationalExpectedActivity";
  }
  return "unknown";
}

std::string_view alertDeterminationName(AlertVerdict v) {
  switch (v) {
    case AlertVerdict::CompromisedAccount:
      return "compromisedAccount";
    case AlertVerdict::MultiStagedAttack:
      return "multiStagedAttack";
    case AlertVerdict::MaliciousUserActivity:
      return "maliciousUserActivity";
    case AlertVerdict::NotMalicious:
      return "notMalicious";
    case AlertVerdict::ConfirmedActivity:
      return "confirmedActivity";
  }
  return "unknown";
}

AlertText alertText(const Alert& a) {
  AlertText t;
  t.idPrefix = "ad";
  t.serviceSource = t.detectionSource = "azureAdIdentityProtection";
  t.productName = "Azure Active Directory Identity Protection";
  switch (a.kind) {
    case AlertKind::IdentityProtection:
      switch (a.riskType) {
        case RiskEventType::UnfamiliarFeatures:
          t.title = "Unfamiliar sign-in properties";
          t.description = "The sign-in had properties not seen recently for this user.";
          t.category = "InitialAccess";
          t.mitreTechnique = "T1078";
          t.detectorId = "UnfamiliarLocation";
          break;
        case RiskEventType::PasswordSpray:
          t.title = "Password spray";
          t.description =
              "Multiple usernames were attacked with common passwords from few addresses, and "
              "this account's password was right.";
          t.category = "CredentialAccess";
          t.mitreTechnique = "T1110.003";
          t.detectorId = "PasswordSpray";
          break;
        case RiskEventType::AnomalousToken:
          t.title = "Anomalous token";
          t.description =
              "The token has unusual characteristics, such as an unusual lifetime or a token "
              "played from an unfamiliar location.";
          t.category = "CredentialAccess";
          t.mitreTechnique = "T1528";
          t.detectorId = "AnomalousToken";
          break;
        case RiskEventType::UnlikelyTravel:
          t.title = "Atypical travel";
          t.description =
              "Two sign-ins came from geographically distant locations within a time too short "
              "for the user to have travelled between them.";
          t.category = "InitialAccess";
          t.mitreTechnique = "T1078";
          t.detectorId = "ImpossibleTravel";
          break;
        case RiskEventType::InvestigationsThreatIntelligence:
          t.title = "Microsoft Entra threat intelligence";
          t.description =
              "The activity matches known attack patterns in Microsoft's threat intelligence.";
          t.category = "InitialAccess";
          t.mitreTechnique = "T1078.004";
          t.detectorId = "ThreatIntelligence";
          break;
      }
      break;
    case AlertKind::SuspiciousMfa:
      t.idPrefix = "ca";
      t.serviceSource = "microsoftDefenderForCloudApps";
      t.detectionSource = "cloudAppSecurity";
      t.productName = "Microsoft Defender for Cloud Apps";
      t.title = "Suspicious MFA activity";
      t.description =
          "The user denied a run of multifactor authentication prompts, then approved one: the "
          "pattern of an MFA fatigue attack.";
      t.category = "CredentialAccess";
      t.mitreTechnique = "T1621";
      t.detectorId = "MfaFatigue";
      break;
    case AlertKind::RoleActivationAfterRisk:
      t.idPrefix = "ra";
      t.serviceSource = t.detectionSource = "microsoft365Defender";
      t.productName = "Microsoft 365 Defender";
      t.title = "Risky sign-in followed by role activation";
      t.description =
          "A privileged role was activated in Privileged Identity Management minutes after a "
          "risky sign-in of the same user.";
      t.category = "PrivilegeEscalation";
      t.mitreTechnique = "T1078.004";
      t.detectorId = "RiskySignInRoleActivation";
      break;
    case AlertKind::RogueCertificateAuthority:
      t.idPrefix = "ca";
      t.serviceSource = "microsoftDefenderForCloudApps";
      t.detectionSource = "cloudAppSecurity";
      t.productName = "Microsoft Defender for Cloud Apps";
      t.title = "Suspicious Cloud PKI certificate authority change";
      t.description =
          "A Cloud PKI certification authority was created and activated from an address the "
          "account never used, followed by mass revocation of leaf certificates.";
      t.category = "Persistence";
      t.mitreTechnique = "T1649";
      t.detectorId = "CloudPkiRogueCa";
      break;
    case AlertKind::PolicyWeakened:
      t.idPrefix = "ra";
      t.serviceSource = t.detectionSource = "microsoft365Defender";
      t.productName = "Microsoft 365 Defender";
      t.title = "Conditional Access policy weakened after a risky sign-in";
      t.description =
          "An administrator signed in from an unfamiliar address and weakened a Conditional "
          "Access policy; sign-ins that the policy used to block then succeeded.";
      t.category = "DefenseEvasion";
      t.mitreTechnique = "T1556.009";
      t.detectorId = "ConditionalAccessPolicyWeakened";
      break;
  }
  return t;
}

std::string_view incidentStatusName(IncidentStatus s) {
  switch (s) {
    case IncidentStatus::Active:
      return "active";
    case IncidentStatus::InProgress:
      return "inProgress";
    case IncidentStatus::Resolved:
      return "resolved";
    case IncidentStatus::AwaitingAction:
      return "awaitingAction";
  }
  return "unknownFutureValue";
}

}  // namespace tenantsim
