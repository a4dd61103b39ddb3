// Câu tiếng Việt cho các phát hiện và cảnh báo (finding and warning sentences for `--lang vi`).

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

const num = (n: number): string => n.toLocaleString('vi-VN');
/** Text from the capture in quotes; "(không có)" when the capture shows none. */
const quote = (s: string | null) => (s === null ? '(không có)' : `“${s}”`);
const addr = (a: { ip: string; port: number }) => `${a.ip}:${a.port}`;

export const FINDING_SENTENCES: FindingSentences = {
  'connection-refused': (d, id) =>
    `${id}: máy chủ từ chối kết nối ngay bằng ${d.code} “${firstLine(d.text)}” thay vì lời chào.`,
  'capture-starts-mid-session': (_d, id) =>
    `${id} đã mở trước khi bắt gói bắt đầu: không có bắt tay TCP của nó, có thể cả phần đăng nhập.`,
  'cleartext-credentials': (d, id) =>
    `${id} gửi ${num(d.passwords)} mật khẩu của người dùng ${distinct(d.users.map(quote)).join(', ')} ở dạng rõ: ` +
    'ai ở trên đường truyền cũng đọc được.',
  'anonymous-login': (d, id) => `${id} đăng nhập ẩn danh với tên ${quote(d.user)}.`,
  'failed-logins': (d, id) => `${id} có ${num(d.count)} lần đăng nhập thất bại (${distinct(d.codes).join(', ')}).`,
  'brute-force': (d, id) => `${id} thử ${num(d.count)} lần đăng nhập đều thất bại: dấu hiệu dò mật khẩu.`,
  'tls-implicit': (d, id) =>
    `${id} là FTPS ngầm định trên cổng ${d.port}: TLS ngay từ byte đầu tiên nên không đọc được gì.`,
  'tls-upgrade': (_d, id) =>
    `${id} chuyển kênh điều khiển sang TLS (AUTH được trả lời 234); phần sau đã mã hóa và không được phân tích.`,
  'tls-refused': (_d, id) => `${id} yêu cầu TLS nhưng máy chủ không chấp nhận: phiên tiếp tục ở dạng rõ.`,
  'not-ftp': (d, id) =>
    `${id} trên cổng ${d.port} không nói FTP` +
    `${d.firstServerLine === null ? '' : ` (dòng đầu tiên của máy chủ: “${d.firstServerLine}”)`}.`,
  'pasv-address-mismatch': (d, id) =>
    `${id}: máy chủ thông báo ${addr(d.announced)} trong trả lời ${d.command} nhưng được truy cập qua ${d.serverIp}: ` +
    'nó nằm sau NAT hoặc cấu hình sai.',
  'ftp-bounce': (d, id) =>
    `${id}: ${d.command} yêu cầu máy chủ kết nối tới ${addr(d.announced)}, không phải máy khách ${d.clientIp}: ` +
    'FTP bounce, hoặc máy khách nằm sau NAT.',
  'ftp-nonstandard-port': (d, id) =>
    `${id} dùng FTP trên cổng ${d.port}, nhận ra nhờ dữ liệu đầu tiên; hãy chạy với --ftp-port ${d.port} ` +
    'để tshark cũng phân tích nó là FTP.',
  'data-connection-unmatched': (d) =>
    `${num(d.count)} kết nối dữ liệu mang dữ liệu mà không lệnh nào trong bản bắt gói giải thích được.`,
  'source-brute-force': (d) =>
    `${d.clientIp} đăng nhập thất bại ${num(d.failures)} lần qua ${num(d.sessions)} kết nối ` +
    `(${num(d.inWindow)} lần trong ${d.windowSeconds} giây, ${num(d.users)} tên người dùng): đoán mật khẩu` +
    `${d.succeeded ? ', và một lần đăng nhập từ địa chỉ đó đã thành công' : ''}.`,
  'password-spraying': (d) =>
    `${d.clientIp} thử một mật khẩu cho ${num(d.users)} tên người dùng (${d.userNames.slice(0, 5).join(', ')}` +
    `${d.users > 5 ? ', …' : ''}): rải mật khẩu` +
    `${d.succeeded > 0 ? `; ${num(d.succeeded)} lần đăng nhập thành công` : ''}.`,
  'port-scan': (d) => {
    const kind = d.bounce ? 'quét FTP bounce' : 'quét cổng thông qua máy chủ FTP';
    const shown = d.reachedPorts.slice(0, 10).join(', ') + (d.reachedPorts.length > 10 ? ', …' : '');
    const reached = d.reachedPorts.length > 0 ? ` (cổng kết nối được: ${shown})` : '';
    return (
      `${d.clientIp} nêu ${num(d.ports)} cổng của ${d.targetIp} trong ${num(d.setups)} lệnh PORT/EPRT ` +
      `gửi tới ${d.serverIp}: ${kind}${reached}.`
    );
  },
  'vsftpd-backdoor': (d, id) => {
    const shell =
      d.shellTcpStream === null
        ? '; trong bản bắt gói không có kết nối nào tới cổng 6200 sau đó'
        : `, rồi ${d.shellClientIp} kết nối tới cổng 6200 của ${d.serverIp} (luồng TCP ${d.shellTcpStream}): ` +
          'một shell root';
    const trigger = 'điều kiện kích hoạt cửa hậu vsftpd 2.3.4 (CVE-2011-2523)';
    return `${id}: tên người dùng "${d.user}" kết thúc bằng ":)", ${trigger}${shell}.`;
  },
  'connection-attempts': (d) =>
    `${num(d.count)} kết nối tới cổng FTP ${d.ports.join(', ')} không bao giờ được mở ` +
    `(${num(d.refused)} bị RST từ chối, ${num(d.unanswered)} không có trả lời): đây là các lần thử, không phải phiên.`,
  'syn-scan': (d) => `${d.source} gửi yêu cầu kết nối (SYN) tới ${num(d.ports)} cổng của ${d.target}: quét cổng.`,
};

/** Từng loại dòng điều khiển không đọc được. */
export const ODDITY_NOUNS: Record<OddityKind, string> = {
  'line-too-long': 'dòng điều khiển dài hơn 8192 byte, bị cắt',
  'empty-command': 'dòng lệnh rỗng',
  'malformed-command': 'dòng của máy khách không phải lệnh FTP',
  'bad-address': 'địa chỉ kênh dữ liệu không giải mã được',
  'transfer-without-setup': 'lệnh truyền không có PORT/PASV trước đó trong bản bắt gói',
  'reply-invalid-code': 'dòng của máy chủ không có mã trả lời',
  'reply-missing-space': 'trả lời thiếu dấu cách sau mã',
  'reply-code-out-of-range': 'trả lời có mã ngoài khoảng 100–699',
  'reply-unterminated': 'trả lời nhiều dòng bị cắt do bản bắt gói kết thúc',
  'reply-lost': 'lệnh mà trả lời bị mất trong bản bắt gói (các trả lời sau chỗ hổng được ghép theo mã)',
  'reply-cut-by-gap': 'trả lời nhiều dòng mà phần cuối bị mất trong bản bắt gói (đóng tại khoảng trống)',
  'command-lost': 'trả lời cho các lệnh bị mất trong bản bắt gói (chúng không trả lời lệnh nào có trong đó)',
};

export const WARNING_SENTENCES: WarningSentences = {
  'partial-report': (w) =>
    `BÁO CÁO KHÔNG ĐẦY ĐỦ: tshark dừng sau ${num(w.packets)} gói, trước khi hết bản bắt gói (${w.reason}); ` +
    'không có gì sau điểm đó trong báo cáo này.',
  'ek-lines-skipped': (w) => `${num(w.lines)} dòng đầu ra của tshark không phải bản ghi gói và đã bị bỏ qua.`,
  'timestamps-out-of-range': () =>
    'Một số dấu thời gian nằm ngoài mọi ngày tháng (bản bắt gói hỏng?): firstAt/lastAt để trống.',
  'no-ftp-session': () => 'Không tìm thấy phiên điều khiển FTP nào trong bản bắt gói.',
  'handshake-missing': (w) => `${w.sessionId} đã bắt đầu trước bản bắt gói: không có bắt tay TCP của nó.`,
  'control-bytes-missing': (w) =>
    `${w.sessionId}: ${num(w.bytes)} byte của kênh điều khiển không được bắt; các dòng quanh chỗ hổng có thể thiếu.`,
  'replies-unanswered': (w) => `${w.sessionId}: ${num(w.count)} trả lời đến mà không có lệnh nào đang chờ.`,
  'protocol-oddity': (w) =>
    `${w.sessionId}: ${num(w.count)} ${ODDITY_NOUNS[w.kind]} (khung ${frameList(w.frames, w.count)}).`,
  'transfer-bytes-missing': (w) =>
    `${w.transferId}: ít nhất ${num(w.bytes)} byte của kết nối dữ liệu ${w.command} không được bắt; số byte chỉ ` +
    'tính phần nhìn thấy.',
  'expectations-dropped': (w) =>
    `${num(w.count)} kỳ vọng kênh dữ liệu bị bỏ vì có hơn ${num(w.max)} kỳ vọng mở cùng lúc; kết nối dữ liệu của ` +
    'chúng có thể hiện là không khớp.',
  'expectations-expired': (w) =>
    `${num(w.count)} kỳ vọng kênh dữ liệu không được dùng trong ${num(w.seconds)} giây (theo thời gian bắt gói) sau ` +
    'khi thông báo và đã hết hạn; kết nối dữ liệu mở sau đó hiện là không khớp.',
  'tls-not-decrypted': (w) =>
    `${w.sessionId}: không khóa nào trong tệp khóa TLS khớp với phiên TLS của nó, nên phần sau khi nâng cấp vẫn ` +
    'được mã hóa (tệp khóa của bản bắt gói hay máy khách khác?).',
  'other-protocol': (w) =>
    `Luồng TCP ${w.tcpStream} (cổng ${w.port}) chào như FTP nhưng máy khách không gửi lệnh FTP nào ` +
    `(${distinct(w.commands).slice(0, 5).join(', ')}): không báo cáo như một phiên.`,
  'tls-cleartext-again': (w) =>
    `${w.sessionId}: kênh điều khiển lại là văn bản rõ từ khung ${w.frame} (sau CCC, hoặc sau khi phiên TLS ` +
    'đóng); được đọc tiếp từ đó.',
  'tls-mid-session': (w) =>
    `${w.sessionId} đã được mã hóa (bản ghi TLS từ khung ${w.frame}) khi bắt đầu bắt gói: ` +
    'không thể đọc kênh điều khiển của nó.',
};

/** The finding in one Vietnamese sentence. */
export function findingMessage(f: Finding): string {
  return sayFinding(FINDING_SENTENCES, f);
}

/** The warning in one Vietnamese sentence. */
export function warningMessage(w: Warning): string {
  return sayWarning(WARNING_SENTENCES, w);
}
