-- new-keys.lua (POST /v1/charges, a new key each time), counting the answers by status for bench/graceful-stop.sh:
-- a graceful stop may answer 201 or 503 (Connection: close); anything else is a failure.
dofile("bench/new-keys.lua")

statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}
local base_setup = setup
function setup(thread)
  base_setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counted = thread:get("statuses")
    for status, n in pairs(counted) do
      total[status] = (total[status] or 0) + n
    end
  end
  local line = "statuses:"
  for status, n in pairs(total) do
    line = line .. " " .. status .. "=" .. n
  end
  print(line)
  local e = summary.errors
  print("socket_errors: connect=" .. e.connect .. " read=" .. e.read .. " write=" .. e.write
      .. " timeout=" .. e.timeout)
end
