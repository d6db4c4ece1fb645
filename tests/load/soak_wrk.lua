-- wrk script for tests/load/soak.sh: mixes both endpoints and versions, and counts statuses.
local paths = {
  "/v1.0/auditLogs/directoryAudits?$top=100",
  "/beta/auditLogs/directoryAudits?$top=50&$filter=category%20eq%20'UserManagement'",
  "/v1.0/deviceManagement/auditEvents?$top=100",
  "/v1.0/auditLogs/directoryAudits?$top=20&$orderby=activityDateTime%20asc",
}
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("statuses", {})
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, string.format('"%s": %d', status, n)) end
  io.write("statuses: {" .. table.concat(parts, ", ") .. "}\n")
end
