-- POST /v1/charges replaying 64 keys: after the first round every request is answered from the stored response.
local counter = 0
function request()
  counter = counter + 1
  local n = counter % 64
  local body = '{"customerId":"replay","invoiceId":"r' .. n .. '","amount":1999,"currency":"EUR"}'
  return wrk.format("POST", "/v1/charges",
      { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "bench-replay-" .. n }, body)
end
