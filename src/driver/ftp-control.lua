-- ftp-report: exports the TCP payload of segments to or from an FTP control port only
-- (field ftpr.ctl), so data connections cost tshark no payload export.
-- The ports come as the script's arguments: -X lua_script1:21 -X lua_script1:2121
local ports = {}
for _, arg in ipairs({ ... }) do
  local n = tonumber(arg)
  if n then ports[n] = true end
end
if next(ports) == nil then ports[21] = true end

local srcport_field = Field.new("tcp.srcport")
local dstport_field = Field.new("tcp.dstport")
local payload_field = Field.new("tcp.payload")
local proto = Proto("ftpr", "ftp-report control payload")
local ctl = ProtoField.bytes("ftpr.ctl", "FTP control bytes")
proto.fields = { ctl }

function proto.dissector(tvb, pinfo, tree)
  local payload = payload_field()
  if not payload then return end
  local sp, dp = srcport_field(), dstport_field()
  if (sp and ports[sp.value]) or (dp and ports[dp.value]) then
    tree:add(ctl, payload.range)
  end
end
register_postdissector(proto)
