-- POST /v1/charges replaying 64 keys: after the first round every request is answered from the stored response.
-- BENCH_TOKEN, when set, is sent as the bearer token (the provider with authentication on).
local token = os.getenv("BENCH_TOKEN")
local counter = 0
function request()
  counter = counter + 1
  local n = counter % 64
  local body = '{"customerId":"replay","invoiceId":"r' .. n .. '","amount":1999,"currency":"EUR"}'
  local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-replay-" .. n }
  if token then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", "/v1/charges", headers, body)
end
