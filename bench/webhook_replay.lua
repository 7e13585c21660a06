-- wrk script for bench/webhook_throughput.py: replays pre-signed Twilio webhooks from a file.
--
--   wrk -t T -c C -d D -s bench/webhook_replay.lua URL -- FILE START T
--
-- FILE holds one request a line: the X-Twilio-Signature, a tab, the urlencoded form. Thread i
-- (0-based) of T sends lines START+i, START+i+T, START+i+2T, … in order, each once; past its share
-- it starts again from its first line and counts the replays. Every response outside 2xx is counted.
-- done() prints one line, "WRKBENCH key=value …", for the Python side to read.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   local file, start, stride = args[1], tonumber(args[2]), tonumber(args[3])
   requests_ = {}
   local line_number = 0
   for line in io.lines(file) do
      if line_number >= start and (line_number - start) % stride == id then
         local tab = line:find("\t", 1, true)
         requests_[#requests_ + 1] = wrk.format("POST", wrk.path, {
            ["Host"] = wrk.headers["Host"],
            ["Content-Type"] = "application/x-www-form-urlencoded",
            ["X-Twilio-Signature"] = line:sub(1, tab - 1),
         }, line:sub(tab + 1))
      end
      line_number = line_number + 1
   end
   loaded = #requests_
   sent = 0
   replays = 0
   answered = 0
   non2xx = 0
   statuses = ""
end

function request()
   sent = sent + 1
   if sent > #requests_ then
      replays = replays + 1
   end
   return requests_[(sent - 1) % #requests_ + 1]
end

function response(status, headers, body)
   answered = answered + 1
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      if not statuses:find(" " .. status .. " ", 1, true) then
         statuses = statuses .. " " .. status .. " "
      end
   end
end

function done(summary, latency, requests)
   local sent_total, max_sent, replay_total, answered_total, non2xx_total, shares = 0, 0, 0, 0, 0, 0
   local seen = ""
   local by_thread = {}
   for _, thread in ipairs(threads) do
      local sent_here = thread:get("sent")
      by_thread[#by_thread + 1] = tostring(sent_here)
      sent_total = sent_total + sent_here
      if sent_here > max_sent then max_sent = sent_here end
      replay_total = replay_total + thread:get("replays")
      answered_total = answered_total + thread:get("answered")
      non2xx_total = non2xx_total + thread:get("non2xx")
      shares = shares + thread:get("loaded")
      seen = seen .. thread:get("statuses")
   end
   local codes = {}
   for code in seen:gmatch("%d+") do codes[code] = true end
   local list = {}
   for code in pairs(codes) do list[#list + 1] = code end
   local errors = summary.errors
   io.write(string.format(
      "WRKBENCH requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d answered=%d non2xx=%d " ..
      "statuses=%s connect_errors=%d read_errors=%d write_errors=%d timeouts=%d status_errors=%d " ..
      "sent=%d max_sent_per_thread=%d sent_by_thread=%s replays=%d loaded=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
      answered_total, non2xx_total, (#list > 0 and table.concat(list, ",") or "-"),
      errors.connect, errors.read, errors.write, errors.timeout, errors.status,
      sent_total, max_sent, table.concat(by_thread, ","), replay_total, shares))
end
