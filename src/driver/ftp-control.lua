-- ftp-report: exports the TCP payload of FTP control segments only (field ftpr.ctl), so data
-- connections cost tshark no payload export. Control segments are those to or from an FTP port
-- (the script's arguments: -X lua_script1:21 -X lua_script1:2121), and, unless the argument
-- "nodetect" is given, those of any stream whose first payload looks like FTP: a server greeting
-- ("220 " / "220-" / "120 ") or a first client command such as USER or AUTH.
local ports = {}
local detect = true
for _, arg in ipairs({ ... }) do
  local n = tonumber(arg)
  if n then ports[n] = true elseif arg == "nodetect" then detect = false end
end
if next(ports) == nil then ports[21] = true end

local srcport_field = Field.new("tcp.srcport")
local dstport_field = Field.new("tcp.dstport")
local stream_field = Field.new("tcp.stream")
local payload_field = Field.new("tcp.payload")
local proto = Proto("ftpr", "ftp-report control payload")
local ctl = ProtoField.bytes("ftpr.ctl", "FTP control bytes")
proto.fields = { ctl }

-- stream index -> true (FTP) or false (not FTP), decided on the stream's first payload
local verdict = {}

local function looks_like_ftp(range)
  local n = range:len()
  if n > 16 then n = 16 end
  local head = range:range(0, n):string()
  head = head:gsub("^[ \t\r\n]+", "")
  if head:match("^[12]20[ -]") then return true end
  local verb = head:match("^(%a%a%a%a?) ")
  if verb then
    verb = verb:upper()
    return verb == "USER" or verb == "AUTH" or verb == "FEAT" or verb == "SYST" or verb == "OPTS" or verb == "HOST"
  end
  return false
end

function proto.dissector(tvb, pinfo, tree)
  local payload = payload_field()
  if not payload then return end
  local sp, dp = srcport_field(), dstport_field()
  if (sp and ports[sp.value]) or (dp and ports[dp.value]) then
    tree:add(ctl, payload.range)
    return
  end
  if not detect then return end
  local stream = stream_field()
  if not stream then return end
  local v = verdict[stream.value]
  if v == nil then
    v = looks_like_ftp(payload.range)
    verdict[stream.value] = v
  end
  if v then tree:add(ctl, payload.range) end
end
register_postdissector(proto)
