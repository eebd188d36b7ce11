-- The yardstick: the same body to a bare Jersey-on-Grizzly JSON endpoint without storage.
local counter = 0
function request()
  counter = counter + 1
  local body = '{"customerId":"c' .. (counter % 1000) .. '","invoiceId":"i' .. counter
      .. '","amount":1999,"currency":"EUR"}'
  return wrk.format("POST", "/bare", { ["Content-Type"] = "application/json" }, body)
end
