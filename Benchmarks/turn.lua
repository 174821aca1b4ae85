-- wrk script: full dialogue turns through the REST webhook, cycling each sender through a
-- conversation from greeting to referral. Senders: SENDERS distinct ids per wrk thread.
local messages = { "hallo", "ich suche einen Deutschkurs", "34", "A1", "Parchim", "mehr", "neu anfangen" }
local senders = tonumber(os.getenv("SENDERS") or "10000")
local next_thread = 0

function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end

local counter = 0
request = function()
  counter = counter + 1
  local sender = "load-" .. tostring(tid) .. "-" .. tostring(counter % senders)
  local message = messages[(math.floor(counter / senders) % #messages) + 1]
  local body = '{"sender":"' .. sender .. '","message":"' .. message .. '"}'
  return wrk.format("POST", "/webhooks/rest/webhook", { ["Content-Type"] = "application/json" }, body)
end
