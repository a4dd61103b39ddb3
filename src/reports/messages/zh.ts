// 发现和警告的中文句子 (finding and warning sentences for `--lang zh`).

import type { Finding, OddityKind, Warning } from '../../model.js';
import {
  type FindingSentences,
  type WarningSentences,
  distinct,
  firstLine,
  frameList,
  sayFinding,
  sayWarning,
} from './sentences.js';

const num = (n: number): string => n.toLocaleString('zh-CN');
/** Text from the capture in Chinese quotes; "（无）" when the capture shows none. */
const quote = (s: string | null) => (s === null ? '（无）' : `“${s}”`);
const addr = (a: { ip: string; port: number }) => `${a.ip}:${a.port}`;

export const FINDING_SENTENCES: FindingSentences = {
  'connection-refused': (d, id) =>
    `${id}：服务器没有发送欢迎信息，而是立即以 ${d.code}“${firstLine(d.text)}”拒绝了连接。`,
  'capture-starts-mid-session': (_d, id) => `抓包开始时 ${id} 已经打开：它的 TCP 握手（可能还有登录）不在抓包中。`,
  'cleartext-credentials': (d, id) =>
    `${id} 以明文发送了用户 ${distinct(d.users.map(quote)).join('、')} 的 ${num(d.passwords)} 个密码：路径上的任何人都能读到。`,
  'anonymous-login': (d, id) => `${id} 以 ${quote(d.user)} 匿名登录。`,
  'failed-logins': (d, id) => `${id} 有 ${num(d.count)} 次失败的登录尝试（${distinct(d.codes).join('、')}）。`,
  'brute-force': (d, id) => `${id} 尝试了 ${num(d.count)} 次失败的登录：像是在猜测密码。`,
  'tls-implicit': (d, id) => `${id} 是端口 ${d.port} 上的隐式 FTPS：从第一个字节起就是 TLS，内容无法读取。`,
  'tls-upgrade': (_d, id) => `${id} 把控制连接切换到了 TLS（AUTH 得到 234 应答）；之后的内容已加密，未作分析。`,
  'tls-refused': (_d, id) => `${id} 请求了 TLS，但服务器没有接受：会话继续以明文进行。`,
  'not-ftp': (d, id) =>
    `${id} 在端口 ${d.port} 上说的不是 FTP` +
    `${d.firstServerLine === null ? '' : `（服务器的第一行：“${d.firstServerLine}”）`}。`,
  'pasv-address-mismatch': (d, id) =>
    `${id}：服务器在 ${d.command} 应答中通告了 ${addr(d.announced)}，但实际地址是 ${d.serverIp}：它位于 NAT 之后或配置错误。`,
  'ftp-bounce': (d, id) =>
    `${id}：${d.command} 要求服务器连接 ${addr(d.announced)}，而不是客户端 ${d.clientIp}：FTP 跳板，或客户端位于 NAT 之后。`,
  'ftp-nonstandard-port': (d, id) =>
    `${id} 在端口 ${d.port} 上使用 FTP（根据第一段载荷识别）；请加上 --ftp-port ${d.port} 运行，让 tshark 也把它解析为 FTP。`,
  'data-connection-unmatched': (d) => `${num(d.count)} 个数据连接传输的内容无法用抓包中的任何命令解释。`,
  'source-brute-force': (d) =>
    `${d.clientIp} 在 ${num(d.sessions)} 个连接中登录失败 ${num(d.failures)} 次` +
    `（其中 ${num(d.inWindow)} 次在 ${d.windowSeconds} 秒内，${num(d.users)} 个用户名）：猜测密码` +
    `${d.succeeded ? '，并且该地址后来登录成功' : ''}。`,
  'password-spraying': (d) =>
    `${d.clientIp} 用同一个密码尝试了 ${num(d.users)} 个用户名（${d.userNames.slice(0, 5).join('、')}` +
    `${d.users > 5 ? '……' : ''}）：密码喷洒${d.succeeded > 0 ? `；${num(d.succeeded)} 次登录成功` : ''}。`,
  'port-scan': (d) => {
    const kind = d.bounce ? 'FTP 跳板扫描' : '通过 FTP 服务器的端口扫描';
    const shown = d.reachedPorts.slice(0, 10).join('、') + (d.reachedPorts.length > 10 ? '……' : '');
    const reached = d.reachedPorts.length > 0 ? `（连通的端口：${shown}）` : '';
    return (
      `${d.clientIp} 在发往 ${d.serverIp} 的 ${num(d.setups)} 条 PORT/EPRT 命令中指定了 ${d.targetIp} 的 ` +
      `${num(d.ports)} 个端口：${kind}${reached}。`
    );
  },
  'vsftpd-backdoor': (d, id) => {
    const shell =
      d.shellTcpStream === null
        ? '；抓包中之后没有到 6200 端口的连接'
        : `，随后 ${d.shellClientIp} 连接了 ${d.serverIp} 的 6200 端口（TCP 流 ${d.shellTcpStream}）：root shell`;
    return `${id}：用户名“${d.user}”以“:)”结尾，这是 vsftpd 2.3.4 后门（CVE-2011-2523）的触发条件${shell}。`;
  },
  'connection-attempts': (d) =>
    `${num(d.count)} 个到 FTP 端口 ${d.ports.join('、')} 的连接从未建立` +
    `（${num(d.refused)} 个被 RST 拒绝，${num(d.unanswered)} 个没有应答）：这些是连接尝试，不是会话。`,
  'syn-scan': (d) => `${d.source} 向 ${d.target} 的 ${num(d.ports)} 个端口发送了连接请求（SYN）：端口扫描。`,
};

/** 每种无法读取的控制行。 */
export const ODDITY_NOUNS: Record<OddityKind, string> = {
  'line-too-long': '超过 8192 字节而被截断的控制行',
  'empty-command': '空命令行',
  'malformed-command': '不是 FTP 命令的客户端行',
  'bad-address': '无法解码的数据通道地址',
  'transfer-without-setup': '抓包中前面没有 PORT/PASV 的传输命令',
  'reply-invalid-code': '没有应答码的服务器行',
  'reply-missing-space': '应答码后缺少空格的应答',
  'reply-code-out-of-range': '应答码不在 100–699 之内的应答',
  'reply-unterminated': '被抓包结尾截断的多行应答',
  'reply-lost': '应答在抓包中丢失的命令（缺口之后的应答按应答码匹配）',
  'reply-cut-by-gap': '结尾在抓包中丢失的多行应答（在缺口处结束）',
  'command-lost': '对抓包中丢失的命令的应答（它们不对应抓包中的任何命令）',
};

export const WARNING_SENTENCES: WarningSentences = {
  'partial-report': (w) =>
    `报告不完整：tshark 在 ${num(w.packets)} 个数据包之后、抓包结束之前停止了（${w.reason}）；之后的内容不在本报告中。`,
  'ek-lines-skipped': (w) => `tshark 输出中有 ${num(w.lines)} 行不是数据包记录，已跳过。`,
  'timestamps-out-of-range': () => '有些数据包的时间戳超出任何日期（抓包已损坏？）：firstAt/lastAt 留空。',
  'no-ftp-session': () => '抓包中没有找到 FTP 控制会话。',
  'handshake-missing': (w) => `${w.sessionId} 在抓包开始时已在进行：它的 TCP 握手没有被抓到。`,
  'control-bytes-missing': (w) => `${w.sessionId}：控制通道有 ${num(w.bytes)} 字节没有被抓到；缺口附近的行可能不完整。`,
  'replies-unanswered': (w) => `${w.sessionId}：有 ${num(w.count)} 个应答到达时没有等待应答的命令。`,
  'protocol-oddity': (w) =>
    `${w.sessionId}：${num(w.count)} 个${ODDITY_NOUNS[w.kind]}（第 ${frameList(w.frames, w.count)} 帧）。`,
  'transfer-bytes-missing': (w) =>
    `${w.transferId}：${w.command} 的数据连接至少有 ${num(w.bytes)} 字节没有被抓到；字节数只计算看到的部分。`,
  'expectations-dropped': (w) =>
    `有 ${num(w.count)} 个数据通道预期因同时打开的超过 ${num(w.max)} 个而被丢弃；对应的数据连接可能显示为未匹配。`,
  'expectations-expired': (w) =>
    `有 ${num(w.count)} 个数据通道预期在通告后 ${num(w.seconds)} 秒（抓包时间）内没有使用而过期；之后建立的数据连接显示为未匹配。`,
  'tls-not-decrypted': (w) =>
    `${w.sessionId}：TLS 密钥日志中没有与其 TLS 会话匹配的密钥，所以升级之后的内容仍是加密的（密钥日志来自别的抓包或客户端？）。`,
  'other-protocol': (w) =>
    `TCP 流 ${w.tcpStream}（端口 ${w.port}）像 FTP 一样打招呼，但客户端没有发送 FTP 命令` +
    `（${distinct(w.commands).slice(0, 5).join('、')}）：不作为会话报告。`,
  'tls-cleartext-again': (w) =>
    `${w.sessionId}：从第 ${w.frame} 帧起控制通道又是明文（在 CCC 之后，或 TLS 会话关闭之后）；从那里继续读取。`,
  'tls-mid-session': (w) =>
    `抓包开始时 ${w.sessionId} 已经加密（从第 ${w.frame} 帧起是 TLS 记录）：无法读取其控制通道。`,
};

/** The finding in one Chinese sentence. */
export function findingMessage(f: Finding): string {
  return sayFinding(FINDING_SENTENCES, f);
}

/** The warning in one Chinese sentence. */
export function warningMessage(w: Warning): string {
  return sayWarning(WARNING_SENTENCES, w);
}
