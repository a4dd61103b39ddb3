-- ftp-report: exports the TCP payload of FTP control segments only (field ftpr.ctl), so data
-- connections cost tshark no payload export. Control segments are those to or from an FTP port
-- (the script's arguments: -X lua_script1:21 -X lua_script1:2121), and, unless the argument
-- "nodetect" is given, those of any stream whose first payload looks like FTP: a server greeting
-- ("220 " / "220-" / "120 ") or a first client command such as USER or AUTH.
--
-- With the argument "tls" (ftp-report was given a TLS key log, tshark -o tls.keylog_file:...), it
-- also exports what TLS hid: ftpr.tlsctl, the decrypted control bytes of a frame, and ftpr.plain,
-- the length of each decrypted record of a data connection that starts with a TLS handshake.
-- For that it dissects the FTP ports itself (instead of -d tcp.port==N,ftp): FTP until the
-- server's 234 to AUTH TLS/SSL/TLS-C/TLS-P, TLS after it (Wireshark switches only on the exact
-- line "AUTH TLS"), with TLS handing its plaintext to FTP; and it gives TLS the data connections
-- that open with a handshake record (the run disables ftp-data, whose conversations would
-- otherwise keep them). Implicit FTPS ports ("ftps=990") are TLS from the first byte, FTP inside.
--
-- Without "tls", a detected stream's server port is handed to Wireshark's FTP dissector, as
-- `-d tcp.port==N,ftp` would, so the packet list reads FTP (Request:/Response:, FTP-DATA) there too.
local ports = {}
local detect = true
local tls_mode = false
local ftps_ports = {}
for _, arg in ipairs({ ... }) do
  local n = tonumber(arg)
  local ftps = tonumber(arg:match("^ftps=(%d+)$"))
  if n then ports[n] = true
  elseif ftps then ftps_ports[ftps] = true
  elseif arg == "nodetect" then detect = false
  elseif arg == "tls" then tls_mode = true end
end
if next(ports) == nil then ports[21] = true end

local srcport_field = Field.new("tcp.srcport")
local dstport_field = Field.new("tcp.dstport")
local stream_field = Field.new("tcp.stream")
local payload_field = Field.new("tcp.payload")
local proto = Proto("ftpr", "ftp-report control payload")
local ctl = ProtoField.bytes("ftpr.ctl", "FTP control bytes")
local tlsctl = ProtoField.bytes("ftpr.tlsctl", "Decrypted FTP control bytes")
local plain = ProtoField.uint32("ftpr.plain", "Decrypted data bytes of one TLS record")
proto.fields = { ctl, tlsctl, plain }

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

local tls_field = Field.new("tls")
local ftp_field = Field.new("ftp")

-- The plaintext FTP of a frame: the FTP the TLS dissector handed on (never the clear segments).
local function add_decrypted(tree)
  if not tls_field() then return end
  local items = { ftp_field() }
  if #items == 0 then return end
  local bytes = ByteArray.new()
  for _, item in ipairs(items) do bytes:append(item.range:bytes()) end
  tree:add(tlsctl, bytes:tvb("Decrypted FTP control")())
end

-- With "tls": called after each frame's dissection (set below).
local after_frame = nil

function proto.dissector(tvb, pinfo, tree)
  if tls_mode then
    add_decrypted(tree)
    after_frame()
  end
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

if tls_mode then
  local tls = Dissector.get("tls")
  local ftp = Dissector.get("ftp")
  -- Calls TLS as TCP would: a dissector called from Lua may otherwise not ask TCP to reassemble a record.
  local function call_tls(tvb, pinfo, tree)
    pinfo.can_desegment = 2
    return tls:call(tvb, pinfo, tree)
  end

  -- Control connections: stream index -> frame of the 234 that accepted AUTH (TLS from the next frame on).
  local tls_after = {}
  local auth_sent = {}
  local control = Proto("ftpr_control", "ftp-report FTP control (with AUTH TLS/SSL)")
  function control.dissector(tvb, pinfo, tree)
    local stream = stream_field().value
    local after = tls_after[stream]
    if after and pinfo.number > after then return call_tls(tvb, pinfo, tree) end
    local n = ftp:call(tvb, pinfo, tree)
    if not pinfo.visited then
      local head = tvb:range(0, math.min(tvb:len(), 16)):string()
      local verb = head:upper()
      if ports[pinfo.dst_port] and (verb:match("^AUTH +TLS") or verb:match("^AUTH +SSL")) then
        auth_sent[stream] = true
      elseif ports[pinfo.src_port] and auth_sent[stream] and head:match("^234[ -]") then
        tls_after[stream] = pinfo.number
      end
    end
    return n
  end
  local tcp_port = DissectorTable.get("tcp.port")
  local tls_port = DissectorTable.get("tls.port")
  for port in pairs(ports) do
    tcp_port:add(port, control)
    tls_port:add(port, ftp)
  end
  local implicit = Proto("ftpr_implicit", "ftp-report implicit FTPS")
  implicit.dissector = call_tls
  for port in pairs(ftps_ports) do
    if not ports[port] then
      tcp_port:add(port, implicit)
      tls_port:add(port, ftp)
    end
  end

  -- Data connections: any other stream whose first payload is a TLS handshake record.
  local tls_stream = {}
  local data = Proto("ftpr_tlsdata", "ftp-report TLS data connection")
  local function data_heuristic(tvb, pinfo, tree)
    local stream = stream_field()
    if not stream then return false end
    local v = tls_stream[stream.value]
    if v == nil then
      v = tvb:len() >= 3 and tvb(0, 1):uint() == 0x16 and tvb(1, 1):uint() == 3
      tls_stream[stream.value] = v
    end
    if not v then return false end
    call_tls(tvb, pinfo, tree)
    return true
  end
  data:register_heuristic("tcp", data_heuristic)
  -- A data port announced by PASV/EPSV/PORT/EPRT (read by FTP, decrypted or not) is claimed in tcp.port as well:
  -- a port some other protocol registered (OpenFlow's 6653, say) would otherwise take the connection before any
  -- heuristic sees it. The claim passes on (returns 0) every stream that does not open with TLS.
  local data_port = Proto("ftpr_dataport", "ftp-report announced data port")
  function data_port.dissector(tvb, pinfo, tree)
    if data_heuristic(tvb, pinfo, tree) then return tvb:len() end
    return 0
  end
  local announced = {
    Field.new("ftp.passive.port"),
    Field.new("ftp.epsv.port"),
    Field.new("ftp.active.port"),
    Field.new("ftp.eprt.port"),
  }
  local claimed = {}
  after_frame = function()
    for _, field in ipairs(announced) do
      for _, f in ipairs({ field() }) do
        local port = f.value
        if port and not claimed[port] and not ports[port] and not ftps_ports[port] then
          claimed[port] = true
          tcp_port:add(port, data_port)
        end
      end
    end
  end
  -- What TLS decrypted on those streams: its length, one item per record.
  local function plain_heuristic(tvb, pinfo, tree)
    local stream = stream_field()
    if not stream or not tls_stream[stream.value] then return false end
    tree:add(plain, tvb(), tvb:len())
    return true
  end
  data:register_heuristic("tls", plain_heuristic)
end

-- FTP on a port nobody named: on a stream's first payload that looks like FTP, register its server port (the
-- sender of a greeting, the receiver of a command) in the tcp.port table and dissect through it, which sets the
-- matched port the FTP dissector tells requests from responses by; later packets on that port take that path.
if detect and not tls_mode then
  local tcp_port = DissectorTable.get("tcp.port")
  local ftp = Dissector.get("ftp")
  local first_seen = {}
  local detector = Proto("ftprdetect", "ftp-report FTP port detection")
  local function heuristic(tvb, pinfo, tree)
    local stream = stream_field()
    if not stream or first_seen[stream.value] then return false end
    first_seen[stream.value] = true
    if tvb:len() == 0 or not looks_like_ftp(tvb:range(0)) then return false end
    local head = tvb:range(0, math.min(tvb:len(), 16)):string():gsub("^[ \t\r\n]+", "")
    local server = head:match("^[12]20[ -]") and pinfo.src_port or pinfo.dst_port
    if ports[server] then return false end
    tcp_port:add(server, ftp)
    return tcp_port:try(server, tvb, pinfo, tree) > 0
  end
  detector:register_heuristic("tcp", heuristic)
end
