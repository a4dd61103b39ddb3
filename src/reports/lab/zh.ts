// 实验报告的中文措辞 (the lab report's Chinese sentences).

import type { FindingId, ReplyArea, ReplyKind, Severity } from '../../model.js';
import { warningMessage } from '../messages/zh.js';
import type { Anomaly } from './anomalies.js';
import type { Catalog, CloseFacts } from './catalog.js';
import type { ComparedTransfer } from './compare-facts.js';
import { numberFormat } from './units.js';

const LOGIN = { success: '成功', failed: '失败', unknown: '未知' };

const fmt = numberFormat({
  locale: 'zh-CN',
  s: '秒',
  ms: '毫秒',
  us: '微秒',
  bytesPerSecond: '字节/秒',
  kilobytesPerSecond: 'KB/秒',
  megabytesPerSecond: 'MB/秒',
});
const n = fmt.count;
const list = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`;
const frames = (f: number[]) => `第 ${f.join('、')} 帧`;
const hostPort = (a: { ip: string; port: number }) =>
  a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
const side = (x: 'client' | 'server') => (x === 'client' ? '客户端' : '服务器');

/** RFC 959 §4.2 应答码（及 RFC 2228/2428 的补充）。 */
const CODES: Record<number, string> = {
  110: '重新启动标记应答',
  120: '服务将在几分钟后就绪',
  125: '数据连接已打开，传输开始',
  150: '文件状态正常，即将打开数据连接',
  200: '命令成功',
  202: '命令未实现，本站点不需要',
  211: '系统状态或系统帮助应答',
  212: '目录状态',
  213: '文件状态',
  214: '帮助信息',
  215: '系统类型',
  220: '服务已就绪，等待新用户',
  221: '服务关闭控制连接',
  225: '数据连接已打开，没有正在进行的传输',
  226: '关闭数据连接，请求的文件操作成功',
  227: '进入被动模式 (h1,h2,h3,h4,p1,p2)',
  228: '进入长地址被动模式',
  229: '进入扩展被动模式 (|||端口|)',
  230: '用户已登录，请继续',
  232: '用户已登录，经安全数据交换授权',
  234: '安全数据交换完成（随后是 TLS）',
  250: '请求的文件操作完成',
  257: '路径名已创建',
  331: '用户名正确，需要密码',
  332: '登录需要账户',
  350: '请求的文件操作等待进一步信息',
  421: '服务不可用，关闭控制连接',
  425: '无法打开数据连接',
  426: '连接已关闭，传输中止',
  430: '用户名或密码无效',
  450: '请求的文件操作未执行：文件不可用',
  451: '请求的操作中止：处理时出现本地错误',
  452: '请求的操作未执行：存储空间不足',
  500: '语法错误，命令无法识别',
  501: '参数语法错误',
  502: '命令未实现',
  503: '命令顺序错误',
  504: '该参数的命令未实现',
  522: '不支持该网络协议（请使用其他地址族）',
  530: '未登录',
  532: '存储文件需要账户',
  534: '因策略原因拒绝请求',
  550: '请求的操作未执行：文件不可用',
  551: '请求的操作中止：页类型未知',
  552: '请求的文件操作中止：超出存储分配',
  553: '请求的操作未执行：文件名不允许',
};

const FIRST: Record<ReplyKind, string> = {
  preliminary: '肯定预备应答：操作正在开始，随后还有应答',
  completion: '肯定完成应答：操作成功',
  intermediate: '肯定中间应答：还需要更多信息',
  transient: '暂时否定应答：这次失败，重试可能成功',
  permanent: '永久否定应答：失败，原样重试无用',
  protected: '受保护的应答（RFC 2228）：其文本经过加密或完整性保护',
};
const SECOND: Record<ReplyArea, string> = {
  syntax: '语法',
  information: '信息（状态、帮助）',
  connections: '连接（控制连接和数据连接）',
  authentication: '认证和记账',
  unspecified: '未指定',
  'file-system': '文件系统',
};

const FINDINGS: Record<FindingId, string> = {
  'connection-refused': '服务器没有发送欢迎信息，而是直接拒绝了连接（421）。',
  'tls-implicit': '该会话是隐式 FTPS：从第一个字节起就加密。',
  'not-ftp': '在 FTP 端口上应答的不是 FTP。',
  'ftp-nonstandard-port': 'FTP 运行在 21 以外的端口上，是根据第一段载荷识别出来的。',
  'cleartext-credentials': '用户名和密码以明文在网络上传输。',
  'anonymous-login': '服务器允许匿名登录。',
  'failed-logins': '有登录尝试失败。',
  'brute-force': '同一会话中多次登录失败：像是在猜测密码。',
  'tls-upgrade': '控制连接切换到了 TLS（AUTH TLS，234）。',
  'tls-refused': '客户端请求 TLS，但会话仍然是明文。',
  'pasv-address-mismatch': '服务器通告的被动模式地址不是它自己的地址（NAT 或配置错误）。',
  'ftp-bounce': 'PORT/EPRT 指向的不是客户端而是其他主机：FTP 跳板攻击，或客户端位于 NAT 之后。',
  'capture-starts-mid-session': '抓包开始时会话已经开始。',
  'data-connection-unmatched': '有些数据连接传输的数据无法用抓包中的任何命令解释。',
  'source-brute-force': '同一地址在多个连接中多次登录失败：猜测密码。',
  'password-spraying': '同一地址用一个密码尝试了许多用户名：密码喷洒。',
  'port-scan': 'PORT/EPRT 指定了同一主机的许多端口：通过 FTP 服务器的端口扫描（FTP 跳板扫描）。',
  'vsftpd-backdoor': '用户名以“:)”结尾：vsftpd 2.3.4 后门的触发条件（TCP 6200 上的 shell）。',
  'connection-attempts': '有些到 FTP 端口的连接从未建立（没有应答，或被 RST 拒绝）。',
  'syn-scan': '一台主机向另一台主机的许多端口发送了连接请求：端口扫描。',
};

/** 所见命令的作用（RFC 959、2389、2428、3659、4217）。 */
const COMMANDS: Record<string, string> = {
  USER: '用户名：开始登录',
  PASS: '密码，在 USER 之后发送',
  ACCT: '账户信息',
  AUTH: '请求把控制连接切换到 TLS',
  PBSZ: '保护缓冲区大小（TLS）',
  PROT: '数据连接的保护级别（TLS）',
  CWD: '切换工作目录',
  CDUP: '切换到上级目录',
  PWD: '显示当前工作目录',
  XPWD: '显示当前工作目录（旧形式）',
  MKD: '创建目录',
  XMKD: '创建目录（旧形式）',
  RMD: '删除目录',
  DELE: '删除文件',
  RNFR: '重命名：指定要改名的文件',
  RNTO: '重命名：新名字，在 RNFR 之后',
  SIZE: '文件大小（字节）',
  MDTM: '文件的最后修改时间',
  REST: '断点续传：下一次传输从这个字节偏移开始',
  TYPE: '传输类型：A（ASCII 文本）或 I（二进制）',
  MODE: '传输模式（S = 流）',
  STRU: '文件结构（F = 文件）',
  PORT: '主动模式：客户端告知自己的地址和端口 (h1,h2,h3,h4,p1,p2)',
  EPRT: '扩展主动模式：|地址族|地址|端口|（IPv4 或 IPv6）',
  LPRT: '主动模式，长地址形式',
  PASV: '被动模式：请服务器监听并通告地址和端口',
  EPSV: '扩展被动模式：服务器只通告端口',
  LPSV: '被动模式，长地址形式',
  LIST: '目录列表，经数据连接传输',
  NLST: '文件名列表，经数据连接传输',
  MLSD: '机器可读的目录列表，经数据连接传输',
  MLST: '单个文件的机器可读信息',
  RETR: '下载文件，经数据连接传输',
  STOR: '上传文件，经数据连接传输',
  STOU: '以唯一文件名上传',
  APPE: '追加到文件，经数据连接传输',
  ABOR: '中止正在进行的传输',
  ALLO: '预留存储空间',
  FEAT: '列出服务器支持的扩展',
  OPTS: '设置命令选项（如 OPTS UTF8 ON）',
  SYST: '服务器的操作系统类型',
  STAT: '服务器或传输的状态',
  HELP: '帮助信息',
  NOOP: '什么也不做：保持连接',
  SITE: '服务器特有的命令',
  HOST: '指定要使用的虚拟主机',
  CLNT: '告知客户端程序名称',
  QUIT: '退出并关闭控制连接',
  REIN: '重新初始化登录',
};

const SEVERITY: Record<Severity, string> = { info: '信息', low: '低', medium: '中', high: '高' };
const replyOf = (code: number | null, frame: number | null) =>
  code === null ? '（抓包中没有应答）' : `${code}${frame === null ? '' : `（第 ${frame} 帧）`}`;

function anomaly(a: Anomaly): string {
  switch (a.kind) {
    case 'setup-refused':
      return (
        `服务器以 ${a.code}（第 ${a.frame} 帧）拒绝了 ${a.command}${a.arg ? ` ${a.arg}` : ''}（第 ${a.commandFrame} 帧）：` +
        `${CODES[a.code] ?? '否定应答'}。这条命令不会带来数据连接：服务器不会连接那个地址，传输命令之前需要新的 PORT/PASV。`
      );
    case 'connect-refused':
      return (
        `传输失败的原因：${side(a.connector)}发往 ${hostPort(a.dst)} 的 SYN（第 ${a.synFrame} 帧）被 RST` +
        `（第 ${a.rstFrame} 帧）拒绝——该端口上没有程序监听，数据连接无法建立，于是服务器应答 ${replyOf(a.code, a.replyFrame)}` +
        `${a.code === 425 ? '；425“无法打开数据连接”说的正是这种情况' : ''}。`
      );
    case 'connect-unanswered':
      return (
        `${side(a.connector)}向 ${hostPort(a.dst)} 发送了 SYN（第 ${a.synFrame} 帧），但没有收到 SYN/ACK：` +
        `该地址无人应答；传输以 ${replyOf(a.code, a.replyFrame)} 结束。`
      );
    case 'data-reset':
      return (
        `${side(a.by)}在传输了 ${n(a.bytes)} 字节后重置了数据连接（RST，第 ${a.rstFrame} 帧）：传输被切断，` +
        `服务器应答 ${replyOf(a.code, a.replyFrame)}${a.code !== null && CODES[a.code] ? `（${CODES[a.code]}）` : ''}。`
      );
    case 'aborted':
      return (
        `客户端在传输了 ${n(a.bytes)} 字节后用 ABOR（第 ${a.aborFrame} 帧）中止了传输：服务器对传输命令应答 ` +
        `${replyOf(a.code, a.replyFrame)}，对 ABOR 本身应答 ${a.aborCode ?? '（无）'}` +
        '（RFC 959：先以 426 结束被中止的传输，再以 226 应答 ABOR）。'
      );
    case 'failed':
      return `服务器以 ${a.code}（第 ${a.frame} 帧）拒绝了 ${a.command}：${CODES[a.code] ?? '否定应答'}。`;
    case 'nat-announced': {
      const where =
        a.connectedTo === null
          ? '之后没有数据连接'
          : a.connectedTo.ip === a.announced.ip
            ? `客户端把 SYN 发往了这个通告的地址 ${hostPort(a.connectedTo)}`
            : `客户端没有使用通告的地址，而是连接了 ${hostPort(a.connectedTo)}，即控制连接的地址加上通告的端口`;
      return (
        `被动模式应答（第 ${a.replyFrame ?? '?'} 帧）通告的是 ${hostPort(a.announced)}，但服务器的实际地址是 ` +
        `${a.serverIp}：服务器位于 NAT 之后（通告了客户端无法到达的地址）或配置错误；${where}。`
      );
    }
    case 'rest': {
      const total = a.offset + a.bytes;
      const size =
        a.statedSize === null
          ? ''
          : total === a.statedSize
            ? `，正好等于服务器给出的文件大小（${n(a.statedSize)} 字节）`
            : `（服务器给出的大小是 ${n(a.statedSize)} 字节）`;
      return (
        `REST ${a.offset}（第 ${a.restFrame} 帧，应答 ${a.code ?? '无'}）让传输从文件的第 ${n(a.offset)} 字节开始，` +
        `而不是从 0 开始：数据连接传输了 ${n(a.bytes)} 字节，所以文件在第 ${n(total)} 字节结束${size}。`
      );
    }
  }
}

function anomalyNote(a: Anomaly): string {
  switch (a.kind) {
    case 'setup-refused':
      return `${a.command} 被拒绝（${a.code}）：没有数据连接`;
    case 'connect-refused':
      return `SYN ${a.synFrame} 被 RST ${a.rstFrame} 拒绝：端口未监听，因此 ${a.code ?? '失败'}`;
    case 'connect-unanswered':
      return `发往 ${hostPort(a.dst)} 的 SYN ${a.synFrame} 无应答`;
    case 'data-reset':
      return `${side(a.by)}在 ${a.bytes} 字节后重置数据连接`;
    case 'aborted':
      return `${a.bytes} 字节后 ABOR：${a.code ?? '?'}，然后 ${a.aborCode ?? '?'}`;
    case 'failed':
      return `${a.command} 失败：${a.code}`;
    case 'nat-announced':
      return `通告 ${hostPort(a.announced)}，服务器实为 ${a.serverIp}（NAT）`;
    case 'rest':
      return `REST ${a.offset}：从第 ${a.offset} 字节开始`;
  }
}

function close(f: CloseFacts): string {
  const meaning = f.replyCode === 221 ? '“关闭控制连接”' : '';
  const other = f.closedBy === 'client' ? '服务器' : '客户端';
  const quit =
    f.quitFrame === null
      ? '抓包中客户端没有发送 QUIT'
      : `客户端用 QUIT（第 ${f.quitFrame} 帧）退出，服务器应答 ` +
        `${f.replyCode === null ? '（抓包中没有应答）' : `${f.replyCode}${meaning}（第 ${f.replyFrame} 帧）`}`;
  const fin =
    f.closedBy === 'none'
      ? '；抓包结束时控制连接仍然打开。'
      : f.closedBy === 'reset'
        ? `；随后控制连接被重置（RST，第 ${f.closeFrame} 帧）。`
        : `；随后${side(f.closedBy)}先关闭了控制连接（FIN，第 ${f.closeFrame} 帧）` +
          `${f.answerFrame === null ? '' : `，${other}以自己的 FIN 回应（第 ${f.answerFrame} 帧）`}。`;
  return `${quit}${fin}`;
}

const modeName = (m: 'active' | 'passive') => (m === 'active' ? '主动' : '被动');

const comparison: Catalog['comparison'] = {
  title: '主动模式与被动模式对比',
  intro: (captures) =>
    `每次传输一行${captures > 1 ? `（来自 ${captures} 个抓包）` : ''}：谁向谁建立了数据连接，何时建立（相对于传输命令）。`,
  columns: [
    '抓包',
    '传输',
    '模式',
    '命令',
    '数据连接（SYN 发送方 → 接收方）',
    'SYN 在命令之前/之后',
    '命令 → 数据 SYN',
    '模式命令 → 第一个字节',
    '第一个 → 最后一个字节',
    '字节',
  ],
  side: (x) => side(x),
  beforeAfter: (b) => (b === null ? '–' : b ? '之前' : '之后'),
  example: (x: ComparedTransfer) => {
    if (x.connector === null || x.src === null || x.dst === null)
      return `${modeName(x.mode)}模式（${x.transferId}，${x.command}）下抓包中没有数据连接。`;
    const to = x.connector === 'server' ? `客户端的端口 ${x.dst.port}` : `服务器的端口 ${x.dst.port}`;
    const when =
      x.commandToSynMs === null
        ? ''
        : `，在客户端发送 ${x.command} ${x.commandToSynMs < 0 ? '之前' : '之后'} ${fmt.duration(x.commandToSynMs)}`;
    return (
      `${modeName(x.mode)}模式（${x.transferId}，先 ${x.setupCommand} 后 ${x.command}）下，由${side(x.connector)}从端口 ` +
      `${x.src.port} 向${to}建立数据连接${when}；第一个字节在 ${x.setupCommand} 之后 ` +
      `${fmt.duration(x.setupToFirstByteMs)} 到达，共 ${n(x.bytes)} 字节` +
      `${x.transferMs ? `，用时 ${fmt.duration(x.transferMs)}` : ''}。`
    );
  },
  contrast: (a, p) => {
    const aAfter = a.commandToSynMs !== null && a.commandToSynMs > 0;
    const pBefore = p.commandToSynMs !== null && p.commandToSynMs < 0;
    const activeEarly = `：主动模式的服务器在传输命令之前、一读到 ${a.setupCommand} 就连接了（即 125“数据连接已打开”的情形）`;
    const textbook =
      aAfter && pBefore
        ? '正负号区分了两种模式：主动模式下服务器在传输命令之后才连接（它要等到有数据可发），被动模式下客户端在传输命令之前就连接（一读到端口就连接）。'
        : '这里的顺序与教科书不同' +
          `${!aAfter && a.commandToSynMs !== null ? activeEarly : ''}` +
          `${!pBefore && p.commandToSynMs !== null ? '：被动模式的客户端先发送传输命令再连接' : ''}。`;
    return `${textbook}主动模式下发起连接的是服务器，所以客户端前面的防火墙或 NAT 必须放行；被动模式下所有连接都由客户端发出。`;
  },
  signNote: '“命令 → 数据 SYN”带符号：负值表示数据连接在传输命令之前建立。数值不取平均：每行是一次传输。',
};

export const zh: Catalog = {
  fmt,
  count: n,
  ms: fmt.duration,
  client: '客户端',
  server: '服务器',
  port: '端口',
  controlConnection: '控制连接',
  dataConnection: '数据连接',
  packetColumns: [
    'No.',
    'Time',
    'Source',
    'Destination',
    'Protocol',
    'Length',
    'Info',
    'Source port',
    'Destination port',
  ],
  collapsedRow: (packets, bytes, first, last) =>
    `… 数据连接的 ${n(packets)} 个数据包（${n(bytes)} 字节载荷），第 ${first}–${last} 帧 …`,
  filter: (f) => `Wireshark 显示过滤器：\`${f}\``,

  title: (file) => `FTP 流量分析：${file}`,
  summaryColumns: ['会话', '客户端 → 服务器', '登录', '主动', '被动', '字节', '发现'],
  summaryRow: (r) => [
    r.session,
    r.endpoints,
    r.login === 'none' ? '–' : `${LOGIN[r.login]}${r.user === null || r.login === 'failed' ? '' : `（${r.user}）`}`,
    n(r.active),
    n(r.passive),
    n(r.bytes),
    n(r.findings),
  ],
  total: '合计',
  summary: (f) =>
    f.sessions === 0
      ? '抓包中没有 FTP 控制会话。'
      : `抓包中有 ${n(f.sessions)} 个 FTP 会话，涉及 ${n(f.hosts)} 台主机：成功登录 ${n(f.logins)} 次` +
        `${f.failedLogins > 0 ? `，失败的登录尝试 ${n(f.failedLogins)} 次` : ''}` +
        `，传输 ${n(f.transfers)} 次（主动模式 ${n(f.active)} 次，被动模式 ${n(f.passive)} 次）。` +
        `${f.findings > 0 ? `${n(f.findings)} 项发现列在各会话末尾。` : ''}`,
  captureTable: {
    heading: '抓包',
    field: '项目',
    value: '值',
    file: '文件',
    format: '格式',
    packets: '数据包数',
    first: '第一个数据包',
    last: '最后一个数据包',
    duration: '时长',
    hosts: '主机',
    tshark: 'tshark',
    ports: 'FTP 控制端口',
  },
  noSessions: '此抓包中没有找到 FTP 会话。如果 FTP 运行在其他端口上，请用 `--ftp-port` 指定。',

  sessionHeading: (id, client, server) => `会话 ${id}：${client} → ${server}`,
  headings: {
    setup: '1. 建立控制连接',
    auth: '2. 认证',
    commands: '3. 命令与应答',
    modes: '4. 模式协商',
    data: '5. 数据传输',
    timing: '6. 时间',
    close: '7. 关闭控制连接',
    glossary: '8. 出现的命令',
    diagram: '9. 时序图',
    findings: '10. 发现',
    conclusion: '结论',
    warnings: '抓包中没有看到的内容',
    comparison: '主动模式与被动模式对比',
    anomalies: '出了什么问题',
  },

  handshake: (f) =>
    `客户端从它的临时端口 ${f.clientPort} 连接服务器 ${f.serverIp} 的端口 ${f.serverPort}，建立控制连接：` +
    `SYN（第 ${f.synFrame} 帧）、SYN/ACK、ACK（第 ${f.ackFrame} 帧），这就是所有 TCP 协议开始时的三次握手。` +
    `从 SYN 到最后的 ACK 用了 ${fmt.duration(f.rttMs)}（在抓包点看到的往返时间）。`,
  nonStandardPort: (port) => `服务器监听端口 ${port}，而不是 FTP 的标准端口 21。`,
  noHandshake: '抓包在控制连接建立之后才开始：抓包中没有它的三次握手。',
  banner: (frame) => `服务器以 220 应答欢迎客户端${frame === null ? '' : `（第 ${frame} 帧）`}：`,
  splitReply: (code, first, last, segments) =>
    `${code} 应答分在 ${n(segments)} 个 TCP 段中（第 ${first}–${last} 帧）；本报告按第一个段引用它。` +
    `Wireshark 单独解析每个段：第 ${first} 帧的 Info 列是应答码 ${code} 和文本的开头，后面的段只显示剩余部分，` +
    '因为 TCP 不保留服务器的行边界：一行可能在任何位置被切开，客户端会一直读到最后一行。',
  typedCommands: (count, segments, example, first, last) =>
    `有 ${n(count)} 条命令是每个 TCP 段一个字符（或几个字符）发送的，共 ${n(segments)} 个段——telnet 之类的客户端` +
    '每按一个键就发送一次；服务器只在收到整行（CRLF）时才执行命令。Wireshark 把每个段列为一行' +
    `（\`Request: u\`、\`Request: s\` …）；本报告的表格把每条命令合并为一行并注明段数，例如 ${example}` +
    `（第 ${first}–${last} 帧）。`,
  typedRow: (line, segments) => `${line} [分 ${segments} 个段键入]`,

  authIntro: '客户端用 USER 发送用户名，用 PASS 发送密码；服务器对每条命令都给出应答。',
  replyIntro: '会话中出现的每个应答码：第一位数字说明结果如何，第二位说明与什么有关（RFC 959 §4.2）。',
  replyColumns: ['代码', '含义', '第一位', '第二位', '应答的命令', '帧'],
  answered: (command, frame) => (command === null ? `建立连接（第 ${frame} 帧）` : `${command}（第 ${frame} 帧）`),
  userNote:
    '无论账户是否存在，服务器对 USER 都应答 331“需要密码”，直到收到 PASS 才作判断：如果对 USER 的应答不同，攻击者就能知道哪些用户名存在。',
  codeMeaning: (code) => CODES[code] ?? null,
  firstDigit: (kind) => FIRST[kind],
  secondDigit: (area) => SECOND[area],
  cleartext: (users, passwords, f) =>
    `用户名和密码都没有加密：任何能抓到这些流量的人都能在${frames(f)}读到用户 ${list(users)}` +
    `${passwords.length > 0 ? ` 和密码 ${list(passwords)}` : ''}。`,
  anonymousLogin: (user) => `这是匿名登录（用户 ${user}）：服务器不检查密码，密码通常是一个电子邮件地址。`,
  failedLogins: (count, f) =>
    `${n(count)} 次登录尝试失败（${frames(f)}）：用户名和密码不匹配时，服务器应答 530“未登录”。`,
  bruteForce: (count) => `同一会话中 ${n(count)} 次失败的尝试，看起来像是在猜测密码（暴力破解）。`,
  loginOutcome: (outcome, user) =>
    outcome === 'success'
      ? `登录成功${user === null ? '' : `，用户为 ${user}`}（230“用户已登录”）。`
      : outcome === 'failed'
        ? '没有一次登录尝试成功。'
        : '从抓包中看不出登录的结果。',
  tlsAccepted: (frame) =>
    `客户端用 AUTH 请求 TLS${frame === null ? '' : `（第 ${frame} 帧）`}，服务器以 234 接受：此后的控制连接已加密，无法读取。`,
  tlsRefused: (frame) =>
    `客户端用 AUTH 请求 TLS${frame === null ? '' : `（第 ${frame} 帧）`}，但服务器没有接受，会话仍然是明文。`,
  tlsKeylog: (f) => {
    const upgrade = f.implicit
      ? `该会话是隐式 FTPS：客户端一连接端口 ${f.port} 就开始 TLS 握手，没有任何明文 FTP，所有命令和应答都在 TLS 之内。`
      : `客户端用 ${f.auth ?? 'AUTH'}${f.authFrame === null ? '' : `（第 ${f.authFrame} 帧）`}请求 TLS，服务器以 234` +
        `${f.acceptFrame === null ? '' : `（第 ${f.acceptFrame} 帧）`}同意；随后在同一连接上进行 TLS 握手（ClientHello、` +
        'ServerHello、证书），之后的所有命令和应答都在 TLS 之内。';
    if (!f.decrypted)
      return (
        `${upgrade}提供给 ftp-report 的 TLS 密钥日志中没有这个会话的密钥，所以报告只能看到没有密钥的观察者能看到的内容：` +
        'TLS 记录、它们的大小和时间、建立的数据连接，但看不到任何命令、用户名、密码或文件名。'
      );
    const prot =
      f.prot === null
        ? ''
        : `在 TLS 之内客户端发送了 PBSZ 0${f.pbszFrame === null ? '' : `（第 ${f.pbszFrame} 帧）`}和 PROT ${f.prot}` +
          `${f.protFrame === null ? '' : `（第 ${f.protFrame} 帧）`}（RFC 4217）：PROT P 让每个数据连接也使用 TLS，PROT C 让数据连接保持明文。`;
    const data =
      f.clearTransfers > 0
        ? `数据连接（${f.clearTransfers} 个）以明文经过网络：这样的观察者照样能读到每个列表和文件，只是不知道是哪条命令请求的。`
        : f.privateTransfers > 0
          ? '数据连接也使用 TLS：这样的观察者只能看到它们的大小。'
          : '';
    const inClear = f.implicit
      ? '没有任何明文 FTP，连欢迎信息都没有，只有 TLS 记录'
      : `只有欢迎信息和 ${f.auth ?? 'AUTH'} 及其 234 是明文，随后是 TLS 记录`;
    return (
      `${upgrade}${prot}提供给 ftp-report 的 TLS 密钥日志解密了控制连接，所以报告中的命令、应答和登录是从明文中读出的。` +
      `没有密钥的观察者看到的是${inClear}：它们的大小和时间以及建立的连接，但看不到任何命令、用户名、密码或文件名。${data}`
    );
  },
  noLogin: '此会话中没有 USER 或 PASS 命令。',

  transferHeading: (id, command, arg, mode) => `${id}：${command}${arg ? ` ${arg}` : ''}（${modeName(mode)}模式）`,
  setupExchange: (command, cf, reply, rf) =>
    `客户端发送了 ${command}（第 ${cf} 帧）` +
    `${reply === null ? '；抓包中没有应答。' : `，服务器应答 ${reply}（第 ${rf} 帧）。`}`,
  decodeSix: (nums, ip, port) =>
    `六个数字 \`(${nums.join(',')})\` 是地址和端口：前四个 \`${nums.slice(0, 4).join(',')}\` 把逗号换成点就是 ` +
    `**${ip}**；后两个是端口，${nums[4]}×256+${nums[5]} = **${port}**。`,
  decodeEpsv: (port, ip) => `EPSV 只通告端口，\`(|||${port}|)\` → **${port}**，地址沿用控制连接的地址（**${ip}**）。`,
  decodeEprt: (ip, port, raw) =>
    `EPRT 用分隔符给出地址族、地址和端口${raw ? `：\`${raw}\`` : ''}——地址族 ` +
    `${ip.includes(':') ? '2（IPv6）' : '1（IPv4）'}，地址 **${ip}**，端口 **${port}**（RFC 2428）。`,
  setupRefused: (command, code, frame, meaning) =>
    `服务器以 ${code}（第 ${frame} 帧）拒绝了 ${command}${meaning ? `：${meaning}` : ''}。这条命令不会带来数据连接：没有人会连接通告的地址。`,
  whoConnects: (mode, announced) =>
    mode === 'passive'
      ? `被动模式下服务器监听，客户端连接 ${announced}。`
      : `主动模式下客户端在 ${announced} 上监听，服务器连接它。`,
  natNote: (a, s) =>
    `通告的地址 ${a} 不是到达服务器所用的地址（${s}）：服务器位于 NAT 之后或配置错误；客户端仍然连接上了。`,
  bounceNote: (a, c) =>
    `通告的地址 ${a} 不是客户端的地址（${c}）：服务器被要求连接另一台主机（FTP 跳板），或者客户端位于 NAT 之后。`,
  noTransfers: '此会话没有传输数据（没有带数据连接的 LIST、NLST、MLSD、RETR、STOR、STOU 或 APPE）。',

  dataOpened: (f) => {
    const port =
      f.initiator === 'server'
        ? f.srcPort === 20
          ? '从端口 20（ftp-data）出发，正如 RFC 959 对主动模式的描述'
          : `从端口 ${f.srcPort} 出发——不是端口 20`
        : `从它的临时端口 ${f.srcPort} 出发`;
    const when =
      f.before === null
        ? ''
        : f.before
          ? f.mode === 'passive'
            ? `，在它发送 ${f.command}（第 ${f.commandFrame} 帧）之前：被动模式下客户端一知道端口就连接`
            : `，在客户端发送 ${f.command}（第 ${f.commandFrame} 帧）之前` +
              `${f.beforeSetupReply ? '：服务器一读到 PORT 就连接了，甚至在应答它之前' : ''}`
          : `，在客户端发送 ${f.command}（第 ${f.commandFrame} 帧）之后：主动模式下服务器在有数据要收发时才连接`;
    return (
      `${side(f.initiator)}建立了数据连接${f.synFrame === null ? '' : `（SYN 在第 ${f.synFrame} 帧）`}，${port}，` +
      `${f.src} → ${f.dst}${when}。`
    );
  },
  noDataConnection: (command) => `抓包中没有 ${command} 的数据连接。`,
  dataResult: (f) => {
    const way = f.direction === 'upload' ? '从客户端传到服务器' : '从服务器传到客户端';
    const status = {
      complete: '服务器确认传输完成',
      failed: '但服务器报告失败',
      aborted: '但客户端中止了传输（ABOR）',
      incomplete: '但抓包在服务器确认之前就结束了',
    }[f.status];
    const missing = f.missingBytes > 0 ? `中间至少有 ${n(f.missingBytes)} 字节没有被抓到。` : '';
    const closed =
      f.closedBy === 'none'
        ? ''
        : f.closedBy === 'reset'
          ? '数据连接被重置（RST）。'
          : `${side(f.closedBy)}先关闭了数据连接（FIN）。`;
    return (
      `${n(f.bytes)} 字节${way}，${status}（应答 ${f.replyCodes.join('、') || '无'}` +
      `${f.finalMeaning ? `；${f.replyCodes[f.replyCodes.length - 1]}：${f.finalMeaning}` : ''}）。${closed}${missing}`
    );
  },

  fileFacts: (f) => {
    const whole = f.complete
      ? '每个字节都已捕获'
      : `不完整：有 ${n(f.missingBytes)} 字节从未出现` +
        (f.bytesAfterGap > 0 ? `，第一个缺口之后另有 ${n(f.bytesAfterGap)} 字节` : '');
    const where = f.extractedAs === null ? '' : `已提取为 \`${f.extractedAs}\`。`;
    return `数据连接传送了 ${n(f.size)} 字节的 ${f.mime}（${whole}）；SHA-256 \`${f.sha256}\`，MD5 \`${f.md5}\`。${where}`;
  },
  listingColumns: ['名称', '类型', '大小', '修改时间'],
  listingMore: (k) => `……另有 ${n(k)} 项。`,
  timingIntro: '时间在抓包点测量（秒、毫秒、微秒）。',
  sessionPhaseColumns: ['阶段', '起（帧）', '止（帧）', '时长'],
  phases: {
    handshake: 'TCP 握手（SYN → ACK）',
    login: '登录（USER → PASS 的最终应答）',
    session: '整个控制连接',
  },
  transferPhaseColumns: [
    '传输',
    '模式',
    '模式命令 → 应答',
    '命令 → 数据 SYN',
    '命令 → 第一个字节',
    '第一个 → 最后一个字节',
    '最后一个字节 → 最终应答',
    '拆除（FIN → 最后一个包）',
    '吞吐量',
  ],
  mode: (m) => modeName(m),
  rateNote:
    '数据连接在命令之前建立时，“命令 → 数据 SYN”为负值。数据用时不到 1 毫秒（在回环接口上整个文件可能几微秒就传完，' +
    '据此算出的速率没有意义）或只有一个段时，吞吐量显示为“–”。',
  comparison,
  anomaly,
  anomalyNote,
  close,
  glossaryColumns: ['命令', '作用', '次数'],
  glossary: (c) => COMMANDS[c] ?? null,
  severity: (x) => SEVERITY[x],
  dataLabel: (bytes) => `数据 ${bytes} 字节`,

  diagramIntro: '会话中的关键数据包（先写帧号）；控制连接和数据连接各有一对端点。',
  finding: (id) => FINDINGS[id],
  warning: warningMessage,
  noFindings: '没有需要报告的内容。',
  conclusion: (f) => {
    const out: string[] = [];
    if (f.active + f.passive > 0) {
      const modes: string[] = [];
      if (f.passive > 0) modes.push(`被动模式传输 ${n(f.passive)} 次，每个数据连接都由客户端建立`);
      if (f.active > 0) {
        const from =
          f.serverFromPort20 && f.serverFromOtherPort
            ? '从端口 20 和其他端口'
            : f.serverFromPort20
              ? '从端口 20'
              : '从端口 20 以外的端口';
        modes.push(`主动模式传输 ${n(f.active)} 次，数据连接由服务器${from}连向客户端`);
      }
      out.push(`抓包中有：${modes.join('；')}。`);
      if (f.active > 0)
        out.push(
          '主动模式要求客户端接受服务器连向它自选端口的连接：客户端一侧的防火墙或 NAT 会丢弃这种连接，除非有 FTP 助手打开该端口，' +
            '所以 NAT 后面的客户端使用被动模式。常见的做法是在客户端固定一个端口范围，并用规则放行。',
        );
      if (f.passive > 0)
        out.push(
          '被动模式下所有连接都由客户端发出，所以在 NAT 和防火墙后面也能工作；代价转移到服务器：它必须允许被动端口范围的入站连接' +
            `${f.natMismatch ? '并通告自己的公网地址——在本抓包中它通告了另一个地址' : ''}。`,
        );
    }
    if (f.cleartextUsers.length > 0)
      out.push(
        `FTP 不安全：用户 ${list(f.cleartextUsers)} 以明文密码登录${f.anonymous ? '（匿名登录，本来就是公开的）' : ''}。` +
          '应改用 FTPS（基于 TLS 的 FTP，AUTH TLS）或 SFTP（基于 SSH 的文件传输）。',
      );
    if (f.tls) out.push('会话使用了 AUTH TLS，升级之后的命令和密码受到保护。');
    if (f.failedLogins > 0)
      out.push(`${n(f.failedLogins)} 次失败的登录显示了服务器的 530 应答；它并不说明是用户名错了还是密码错了。`);
    if (f.bounce) out.push('有 PORT/EPRT 命令让服务器连接另一台主机：服务器应当拒绝这种 PORT 命令（FTP 跳板）。');
    return out;
  },
};
