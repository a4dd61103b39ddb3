-- ftp-report: exports the TCP payload of FTP control segments only (field ftpr.ctl),
-- so data connections cost tshark no payload export.
local ftp_field = Field.new("ftp")
local payload_field = Field.new("tcp.payload")
local proto = Proto("ftpr", "ftp-report control payload")
local ctl = ProtoField.bytes("ftpr.ctl", "FTP control bytes")
proto.fields = { ctl }
function proto.dissector(tvb, pinfo, tree)
  if ftp_field() then
    local payload = payload_field()
    if payload then tree:add(ctl, payload.range) end
  end
end
register_postdissector(proto)
