-- wrk script of Benchmarks/web.sh: every request a GET of a path drawn at random from a file
-- (one path per line), so the server is measured on many different households and queries, not
-- on one cached answer. Usage: wrk ... -s Benchmarks/wrk-paths.lua URL -- PATHS_FILE
local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. tostring(args[1])) end
  -- Each thread starts at its own place in the list.
  counter = math.floor(#paths * (tonumber(wrk.thread:get("index")) or 0) / 2)
end

function setup(thread)
  setup_index = (setup_index or 0)
  thread:set("index", tostring(setup_index))
  setup_index = setup_index + 1
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter * 7919) % #paths + 1])
end

-- No response() callback: wrk would then hand every body to Lua and measure itself.
function done(summary, latency, requests)
  io.write(string.format("wrk-summary requests=%d errors_status=%d errors_connect=%d errors_timeout=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.0f\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
