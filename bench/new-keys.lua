-- POST /v1/charges, every request with a key never used before (each one is a new, durably recorded charge).
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
  local body = '{"customerId":"c' .. (counter % 1000) .. '","invoiceId":"i' .. counter
      .. '","amount":1999,"currency":"EUR"}'
  return wrk.format("POST", "/v1/charges",
      { ["Content-Type"] = "application/json", ["Idempotency-Key"] = prefix .. counter }, body)
end
