-- A realistic mix for the load test (wrk). The tokens and an account id come from the
-- environment (bench/load sets them). As modules land, their requests join the mix:
-- watchers posting signals, agents reading the queue and files, members paying.
local watcher = os.getenv("TOKEN_WATCHER")
local admin = os.getenv("TOKEN_ADMIN")
local coordinator = os.getenv("TOKEN_COORDINATOR")
local agent = os.getenv("TOKEN_AGENT")
local account = os.getenv("ACCOUNT_ID")
local signal = os.getenv("SIGNAL_ID")
local report = '{"kind":"isolation","urgency":"normal","personDescription":"Voisin du 2e, volets fermés",' ..
  '"neighbourhood":"Village","details":"Ne répond plus depuis deux jours.","consentToContact":"unknown"}'
-- A record that is not read during the test, so its trail stays a realistic size.
local other = os.getenv("OTHER_ID")

local mix = {
  -- weight, method, path, token, body
  {25, "GET", "/api/v1/me", watcher},
  {10, "GET", "/api/v1/accounts", admin},
  {10, "GET", "/api/v1/accounts/" .. account, admin},          -- an audited read: one durable write
  {10, "GET", "/api/v1/audit?recordId=" .. other, coordinator},
  {15, "POST", "/api/v1/signals", watcher, report},             -- a watcher's signal: one durable write
  {20, "GET", "/api/v1/signals?status=assigned", agent},        -- a triage queue (bounded while watchers post)
  {10, "GET", "/api/v1/signals/" .. signal, agent},             -- opening a signal: an audited read
}
local total = 0
for _, m in ipairs(mix) do total = total + m[1] end

math.randomseed(os.time())
request = function()
  local r = math.random(total)
  for _, m in ipairs(mix) do
    r = r - m[1]
    if r <= 0 then
      local headers = {["Authorization"] = "Bearer " .. m[4]}
      if m[5] then headers["Content-Type"] = "application/json" end
      return wrk.format(m[2], m[3], headers, m[5])
    end
  end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
