// The writer of each export format. A writer gets the events of the export (sorted) and writes
// its files.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/export/exporter.h"

namespace tenantsim {

class SignInLog;
class AlertLog;
class RiskLog;
class ProvisioningLog;
struct ProvisioningEvent;
struct SignIn;

using FormatWriter = Status (*)(const Simulation& sim, const std::vector<Event>& events,
                                const ExportOptions& options, const ProgressCallback& progress);

Status writeNdjson(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                   const ProgressCallback&);
Status writeGraphPages(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                       const ProgressCallback&);
Status writeCsv(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                const ProgressCallback&);
Status writeEventHub(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                     const ProgressCallback&);
Status writeBlob(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                 const ProgressCallback&);
Status writeLogAnalytics(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                         const ProgressCallback&);
Status writeLabels(const Simulation&, const std::vector<Event>&, const ExportOptions&,
                   const ProgressCallback&);

// The sign-in log (auditLogs/signIns) in o.format (docs/export.md#sign-ins). With withAudits
// (both logs selected) ndjson goes to signInsNdjsonPath; the other formats write their own files
// beside the audit files.
Status writeSignIns(const Simulation& sim, const ExportOptions& o, bool withAudits,
                    const ProgressCallback& progress);
// Where ndjson sign-ins go: o.out, or with audits beside it FILE.signIns.ndjson (FILE without
// its .ndjson).
std::string signInsNdjsonPath(const ExportOptions& o, bool withAudits);
// Whether the sign-in log can be written with these options (format, destination).
Status checkSignInExport(const ExportOptions& o, bool withAudits);

// Identity Protection's risk detections (identityProtection/riskDetections) as NDJSON, one
// riskDetection per line in detection order (risk_ndjson.cc). With withOthers (another log
// selected) they go to FILE.riskDetections.ndjson (FILE without its .ndjson).
Status writeRiskDetections(const Simulation& sim, const ExportOptions& o, bool withOthers,
                           const ProgressCallback& progress);
// In eventhub, blob and loganalytics, writeRiskDetections writes Identity Protection's Azure
// Monitor categories UserRiskEvents and RiskyUsers instead (risk_azure.cc).
Status writeRiskCategories(const Simulation& sim, const RiskLog& risks, const ExportOptions& o,
                           const ProgressCallback& progress);

// Security alerts (security/alerts_v2) and incidents (security/incidents, alerts expanded) as
// NDJSON in creation order, in their state at the window's end (alerts_ndjson.cc). With
// withOthers they go to FILE.alerts.ndjson / FILE.incidents.ndjson.
Status writeAlerts(const Simulation& sim, const ExportOptions& o, bool withOthers,
                   const ProgressCallback& progress);
Status writeIncidents(const Simulation& sim, const ExportOptions& o, bool withOthers,
                      const ProgressCallback& progress);

// The provisioning log (auditLogs/provisioning) in every format but labels
// (provisioning_export.cc). With withOthers (another log selected) ndjson goes to
// FILE.provisioning.ndjson (FILE without its .ndjson).
Status writeProvisioning(const Simulation& sim, const ExportOptions& o, bool withOthers,
                         const ProgressCallback& progress);
// Intune device activity (Intune's OperationalLogs and DeviceComplianceOrg categories) as
// ndjson (the records), eventhub, blob and loganalytics (intune_device_export.cc). With
// withOthers ndjson goes to FILE.intuneDevices.ndjson (FILE without its .ndjson).
Status writeIntuneDevices(const Simulation& sim, const ExportOptions& o, bool withOthers,
                          const ProgressCallback& progress);
// Identity Protection's service-principal risk (sp_risk_export.cc): servicePrincipalRiskDetections
// (ndjson: one per line in detection order; the ServicePrincipalRiskEvents category) and
// riskyServicePrincipals (ndjson: one per line, state at the window's end; the
// RiskyServicePrincipals category, one record per change) in ndjson, eventhub, blob and
// loganalytics. With withOthers ndjson goes to FILE.<log>.ndjson.
Status writeServicePrincipalRiskDetections(const Simulation& sim, const ExportOptions& o,
                                           bool withOthers, const ProgressCallback& progress);
Status writeRiskyServicePrincipals(const Simulation& sim, const ExportOptions& o, bool withOthers,
                                   const ProgressCallback& progress);
// Its csv: OUT/ProvisioningLogs.csv, one row per entry newest first (provisioning_csv.cc).
Status writeProvisioningCsv(const ProvisioningLog& log,
                            const std::vector<ProvisioningEvent>& events, const ExportOptions& o,
                            const ProgressCallback& progress);
// Whether --format writes the provisioning log.
bool provisioningFormat(std::string_view format);
// The ground truth of the sign-in log: the planted ones among signIns (signin_labels.cc).
// The planted alerts and incidents created in [from, to), one label line each (alert_labels.cc).
void renderAlertLabels(const AlertLog& log, Ticks from, Ticks to, std::string& out);

// The planted risk detections (riskDetections, servicePrincipalRiskDetections) detected in
// [from, to), and the risky service principals they make, one label line each (risk_labels.cc).
void renderRiskLabels(const RiskLog& log, Ticks from, Ticks to, std::string& out);

void renderSignInLabels(const Simulation& sim, const SignInLog& log,
                        std::span<const SignIn> signIns, std::string& out);
// Writes those labels next to a finished sign-in export, as writeLabelsAlongside does.
Status writeSignInLabelsAlongside(const Simulation& sim, const SignInLog& log,
                                  std::span<const SignIn> signIns, const ExportOptions& o);

// The most an Event Hubs message body may hold (Azure Monitor splits larger batches).
constexpr size_t kEventHubMessageLimit = 256 * 1024;

// True for --out azblob://ACCOUNT/CONTAINER[/prefix] (the blob format writes to Azure Storage).
bool isAzureBlobDestination(std::string_view out);

// Where the ground truth of an export goes: DIR/labels.ndjson, or FILE.labels.ndjson for ndjson.
std::string labelsPath(const ExportOptions& o);
// Writes the labels of the planted events among events next to a finished export (nothing when
// there are none, or for stdout and azblob:// destinations).
Status writeLabelsAlongside(const Simulation& sim, const std::vector<Event>& events,
                            const ExportOptions& o);

}  // namespace tenantsim
