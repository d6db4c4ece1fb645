#include "simulator/simulation/signin.h"

namespace tenantsim {

int32_t signInErrorCode(SignInFailure f) {
  switch (f) {
    case SignInFailure::None:
      return 0;
    case SignInFailure::WrongPassword:
      return 50126;
    case SignInFailure::MfaRequired:
      return 50074;
    case SignInFailure::MfaRequiredByPolicy:
      return 50076;
    case SignInFailure::KeepMeSignedIn:
      return 50140;
    case SignInFailure::MfaDenied:
      return 500121;
    case SignInFailure::Locked:
      return 50053;
    case SignInFailure::BlockedByCa:
      return 53003;
    case SignInFailure::DeviceNotCompliant:
      return 53000;
    case SignInFailure::ExpiredSecret:
      return 7000222;
  }
  return 0;
}

// Texts from the fact sheet §1.8; 50076, 50053, 53000 and 7000222 are UNCONFIRMED wordings
// (docs/signins.md#failure-reasons).
const char* signInFailureReason(SignInFailure f) {
  switch (f) {
    case SignInFailure::None:
      return "";
    case SignInFailure::WrongPassword:
      return "Error validating credentials due to invalid username or password.";
    case SignInFailure::MfaRequired:
      return "Strong Authentication is required.";
    case SignInFailure::MfaRequiredByPolicy:
      return "Due to a configuration change made by your administrator, or because you moved to a "
             "new location, you must use multi-factor authentication to access the resource.";
    case SignInFailure::KeepMeSignedIn:
      return "This error occurred due to 'Keep me signed in' interrupt when the user was "
             "signing-in.";
    case SignInFailure::MfaDenied:
      return "Authentication failed during strong authentication request.";
    case SignInFailure::Locked:
      return "The account is locked, you've tried to sign in too many times with an incorrect user "
             "ID or password.";
    case SignInFailure::BlockedByCa:
      return "Access has been blocked by Conditional Access policies. The access policy does not "
             "allow token issuance.";
    case SignInFailure::DeviceNotCompliant:
      return "Device is not in required device state: compliant. Conditional Access policy "
             "requires a compliant device, and the device is not compliant.";
    case SignInFailure::ExpiredSecret:
      return "The provided client secret keys for app are expired.";
  }
  return "";
}

const char* caPolicyResultName(CaPolicyResult r) {
  switch (r) {
    case CaPolicyResult::Success:
      return "success";
    case CaPolicyResult::Failure:
      return "failure";
    case CaPolicyResult::NotApplied:
      return "notApplied";
    case CaPolicyResult::NotEnabled:
      return "notEnabled";
    case CaPolicyResult::ReportOnlySuccess:
      return "reportOnlySuccess";
    case CaPolicyResult::ReportOnlyFailure:
      return "reportOnlyFailure";
    case CaPolicyResult::ReportOnlyNotApplied:
      return "reportOnlyNotApplied";
    case CaPolicyResult::ReportOnlyInterrupted:
      return "reportOnlyInterrupted";
  }
  return "unknownFutureValue";
}

const char* caStatusName(CaStatus s) {
  switch (s) {
    case CaStatus::Success:
      return "success";
    case CaStatus::Failure:
      return "failure";
    case CaStatus::NotApplied:
      return "notApplied";
  }
  return "unknownFutureValue";
}

}  // namespace tenantsim
