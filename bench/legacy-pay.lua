-- POST /payments/pay (the legacy API, LEGACY_API=true), every request with an invoice id never used before, so each
-- one is a new, durably recorded charge, as with new-keys.lua. Two decimals, as the legacy callers send.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local prefix
function init(args)
  prefix = "bench-" .. tostring(tid) .. "-" .. tostring(os.time()) .. "-"
end

function request()
  counter = counter + 1
  local body = '{"id":"' .. prefix .. counter .. '","value":19.99,"currency":"EUR"}'
  return wrk.format("POST", "/payments/pay", { ["Content-Type"] = "application/json" }, body)
end
