-- Counts responses whose status is not 200 (wrk's own counter lets 3xx through).
-- Each wrk thread has its own Lua state, so done() sums the per-thread counters.
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    non200 = 0
end

function response(status, headers, body)
    if status ~= 200 then
        non200 = non200 + 1
    end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("non200")
    end
    io.write(string.format("Non-200 responses: %d\n", total))
end
