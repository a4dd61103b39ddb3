// Câu tiếng Việt của báo cáo thí nghiệm (the lab report's Vietnamese sentences).

import type { FindingId, ReplyArea, ReplyKind, Severity } from '../../model.js';
import { warningMessage } from '../messages/vi.js';
import type { Anomaly } from './anomalies.js';
import type { Catalog, CloseFacts } from './catalog.js';
import type { ComparedTransfer } from './compare-facts.js';
import { numberFormat } from './units.js';

const LOGIN = { success: 'thành công', failed: 'thất bại', unknown: 'không rõ' };

const fmt = numberFormat({
  locale: 'vi-VN',
  s: 'giây',
  ms: 'ms',
  us: 'µs',
  bytesPerSecond: 'B/giây',
  kilobytesPerSecond: 'kB/giây',
  megabytesPerSecond: 'MB/giây',
});
const n = fmt.count;
const list = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} và ${items[items.length - 1]}`;
const frames = (f: number[]) => `khung ${list(f.map(String))}`;
const hostPort = (a: { ip: string; port: number }) =>
  a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
const side = (x: 'client' | 'server') => (x === 'client' ? 'máy khách' : 'máy chủ');
const Side = (x: 'client' | 'server') => (x === 'client' ? 'Máy khách' : 'Máy chủ');

/** Mã trả lời RFC 959 §4.2 (và bổ sung của RFC 2228/2428). */
const CODES: Record<number, string> = {
  110: 'trả lời đánh dấu khởi động lại',
  120: 'dịch vụ sẽ sẵn sàng sau vài phút',
  125: 'kết nối dữ liệu đã mở; bắt đầu truyền',
  150: 'trạng thái tệp tốt; sắp mở kết nối dữ liệu',
  200: 'lệnh thành công',
  202: 'lệnh không được cài đặt, không cần ở máy chủ này',
  211: 'trạng thái hệ thống hoặc trợ giúp',
  212: 'trạng thái thư mục',
  213: 'trạng thái tệp',
  214: 'thông điệp trợ giúp',
  215: 'loại hệ thống',
  220: 'dịch vụ sẵn sàng cho người dùng mới',
  221: 'dịch vụ đóng kết nối điều khiển',
  225: 'kết nối dữ liệu đang mở; không có truyền nào',
  226: 'đóng kết nối dữ liệu; thao tác tệp thành công',
  227: 'vào chế độ thụ động (h1,h2,h3,h4,p1,p2)',
  228: 'vào chế độ thụ động dạng dài',
  229: 'vào chế độ thụ động mở rộng (|||cổng|)',
  230: 'người dùng đã đăng nhập, tiếp tục',
  232: 'người dùng đã đăng nhập, được cấp quyền qua trao đổi bảo mật',
  234: 'trao đổi dữ liệu bảo mật xong (tiếp theo là TLS)',
  250: 'thao tác tệp yêu cầu đã hoàn tất',
  257: 'đường dẫn đã được tạo',
  331: 'tên người dùng hợp lệ, cần mật khẩu',
  332: 'cần tài khoản để đăng nhập',
  350: 'thao tác tệp đang chờ thêm thông tin',
  421: 'dịch vụ không sẵn sàng, đóng kết nối điều khiển',
  425: 'không mở được kết nối dữ liệu',
  426: 'kết nối đã đóng; truyền bị hủy',
  430: 'tên người dùng hoặc mật khẩu không hợp lệ',
  450: 'thao tác tệp không thực hiện: tệp không dùng được',
  451: 'thao tác bị hủy: lỗi xử lý cục bộ',
  452: 'thao tác không thực hiện: không đủ dung lượng',
  500: 'lỗi cú pháp, không nhận ra lệnh',
  501: 'lỗi cú pháp trong tham số',
  502: 'lệnh không được cài đặt',
  503: 'sai thứ tự lệnh',
  504: 'lệnh không được cài đặt cho tham số đó',
  522: 'không hỗ trợ giao thức mạng này (hãy dùng họ địa chỉ khác)',
  530: 'chưa đăng nhập',
  532: 'cần tài khoản để lưu tệp',
  534: 'yêu cầu bị từ chối vì chính sách',
  550: 'thao tác không thực hiện: tệp không dùng được',
  551: 'thao tác bị hủy: không rõ kiểu trang',
  552: 'thao tác tệp bị hủy: vượt quá dung lượng cấp',
  553: 'thao tác không thực hiện: tên tệp không được phép',
};

const FIRST: Record<ReplyKind, string> = {
  preliminary: 'khẳng định sơ bộ: thao tác đang bắt đầu, sẽ có trả lời khác',
  completion: 'khẳng định hoàn tất: thao tác thành công',
  intermediate: 'khẳng định trung gian: cần thêm thông tin',
  transient: 'phủ định tạm thời: lần này thất bại, thử lại có thể được',
  permanent: 'phủ định vĩnh viễn: thất bại, thử lại y nguyên vô ích',
  protected: 'trả lời được bảo vệ (RFC 2228): nội dung đã mã hóa hoặc bảo vệ toàn vẹn',
};
const SECOND: Record<ReplyArea, string> = {
  syntax: 'cú pháp',
  information: 'thông tin (trạng thái, trợ giúp)',
  connections: 'kết nối (điều khiển và dữ liệu)',
  authentication: 'xác thực và tài khoản',
  unspecified: 'không xác định',
  'file-system': 'hệ thống tệp',
};

const FINDINGS: Record<FindingId, string> = {
  'connection-refused': 'Máy chủ từ chối kết nối (421) thay vì chào.',
  'tls-implicit': 'Phiên là FTPS ngầm định: mã hóa ngay từ byte đầu tiên.',
  'not-ftp': 'Trên cổng FTP, thứ trả lời không phải là FTP.',
  'ftp-nonstandard-port': 'FTP chạy trên cổng khác 21; được nhận ra nhờ dữ liệu đầu tiên.',
  'cleartext-credentials': 'Tên người dùng và mật khẩu đi qua mạng không mã hóa.',
  'anonymous-login': 'Máy chủ cho phép đăng nhập ẩn danh.',
  'failed-logins': 'Có lần đăng nhập thất bại.',
  'brute-force': 'Nhiều lần đăng nhập thất bại trong một phiên: dấu hiệu dò mật khẩu.',
  'tls-upgrade': 'Kênh điều khiển chuyển sang TLS (AUTH TLS, 234).',
  'tls-refused': 'Máy khách yêu cầu TLS nhưng phiên vẫn ở dạng rõ.',
  'pasv-address-mismatch': 'Máy chủ thông báo địa chỉ thụ động không phải của nó (NAT hoặc cấu hình sai).',
  'ftp-bounce': 'PORT/EPRT chỉ tới máy khác chứ không phải máy khách: FTP bounce, hoặc máy khách sau NAT.',
  'capture-starts-mid-session': 'Bản bắt gói bắt đầu khi phiên đã diễn ra.',
  'data-connection-unmatched': 'Một số kết nối dữ liệu mang dữ liệu mà không lệnh nào trong bản bắt gói giải thích.',
  'source-brute-force': 'Nhiều lần đăng nhập thất bại từ một địa chỉ qua nhiều kết nối: đoán mật khẩu.',
  'password-spraying': 'Một mật khẩu được thử cho nhiều tên người dùng từ một địa chỉ: rải mật khẩu.',
  'port-scan': 'PORT/EPRT nêu nhiều cổng của một máy: quét cổng thông qua máy chủ FTP (quét FTP bounce).',
  'vsftpd-backdoor':
    'Tên người dùng kết thúc bằng ":)": điều kiện kích hoạt cửa hậu vsftpd 2.3.4 (shell trên TCP 6200).',
  'connection-attempts': 'Một số kết nối tới cổng FTP không bao giờ được mở (không có trả lời, hoặc bị RST từ chối).',
  'syn-scan': 'Một máy gửi yêu cầu kết nối tới nhiều cổng của máy khác: quét cổng.',
};

/** Tác dụng của các lệnh đã thấy (RFC 959, 2389, 2428, 3659, 4217). */
const COMMANDS: Record<string, string> = {
  USER: 'tên người dùng: bắt đầu đăng nhập',
  PASS: 'mật khẩu, gửi sau USER',
  ACCT: 'thông tin tài khoản',
  AUTH: 'yêu cầu chuyển kết nối điều khiển sang TLS',
  PBSZ: 'kích thước bộ đệm bảo vệ (TLS)',
  PROT: 'mức bảo vệ kết nối dữ liệu (TLS)',
  CWD: 'đổi thư mục làm việc',
  CDUP: 'lên thư mục cha',
  PWD: 'in thư mục làm việc',
  XPWD: 'in thư mục làm việc (dạng cũ)',
  MKD: 'tạo thư mục',
  XMKD: 'tạo thư mục (dạng cũ)',
  RMD: 'xóa thư mục',
  DELE: 'xóa tệp',
  RNFR: 'đổi tên: tệp cần đổi',
  RNTO: 'đổi tên: tên mới, sau RNFR',
  SIZE: 'kích thước tệp tính bằng byte',
  MDTM: 'thời điểm sửa đổi cuối của tệp',
  REST: 'khởi động lại: lần truyền tiếp theo bắt đầu từ vị trí byte này',
  TYPE: 'kiểu truyền: A (văn bản ASCII) hoặc I (nhị phân)',
  MODE: 'chế độ truyền (S = luồng)',
  STRU: 'cấu trúc tệp (F = tệp)',
  PORT: 'chế độ chủ động: máy khách cho biết địa chỉ và cổng của nó (h1,h2,h3,h4,p1,p2)',
  EPRT: 'chế độ chủ động mở rộng: |họ|địa chỉ|cổng| (IPv4 hoặc IPv6)',
  LPRT: 'chế độ chủ động, dạng địa chỉ dài',
  PASV: 'chế độ thụ động: yêu cầu máy chủ lắng nghe và thông báo địa chỉ, cổng',
  EPSV: 'chế độ thụ động mở rộng: máy chủ chỉ thông báo cổng',
  LPSV: 'chế độ thụ động, dạng địa chỉ dài',
  LIST: 'liệt kê thư mục, qua kết nối dữ liệu',
  NLST: 'danh sách tên tệp, qua kết nối dữ liệu',
  MLSD: 'liệt kê thư mục dạng máy đọc được, qua kết nối dữ liệu',
  MLST: 'thông tin máy đọc được về một tệp',
  RETR: 'tải tệp xuống, qua kết nối dữ liệu',
  STOR: 'tải tệp lên, qua kết nối dữ liệu',
  STOU: 'tải tệp lên với tên duy nhất',
  APPE: 'nối thêm vào tệp, qua kết nối dữ liệu',
  ABOR: 'hủy lần truyền đang chạy',
  ALLO: 'dành trước dung lượng',
  FEAT: 'danh sách phần mở rộng của máy chủ',
  OPTS: 'đặt tùy chọn cho một lệnh (ví dụ OPTS UTF8 ON)',
  SYST: 'loại hệ điều hành của máy chủ',
  STAT: 'trạng thái máy chủ hoặc lần truyền',
  HELP: 'trợ giúp',
  NOOP: 'không làm gì: giữ kết nối',
  SITE: 'lệnh riêng của máy chủ',
  HOST: 'chọn máy chủ ảo',
  CLNT: 'cho biết tên chương trình khách',
  QUIT: 'đăng xuất và đóng kết nối điều khiển',
  REIN: 'khởi tạo lại đăng nhập',
};

const SEVERITY: Record<Severity, string> = { info: 'thông tin', low: 'thấp', medium: 'trung bình', high: 'cao' };
const replyOf = (code: number | null, frame: number | null) =>
  code === null ? '(không có trả lời trong bản bắt gói)' : `${code}${frame === null ? '' : ` (khung ${frame})`}`;

function anomaly(a: Anomaly): string {
  switch (a.kind) {
    case 'setup-refused':
      return (
        `Máy chủ từ chối ${a.command}${a.arg ? ` ${a.arg}` : ''} (khung ${a.commandFrame}) bằng ${a.code} ` +
        `(khung ${a.frame}): ${CODES[a.code] ?? 'trả lời phủ định'}. Lệnh này không dẫn tới kết nối dữ liệu nào: ` +
        'máy chủ sẽ không kết nối tới địa chỉ đó, và trước lệnh truyền cần một PORT/PASV mới.'
      );
    case 'connect-refused':
      return (
        `Vì sao truyền thất bại: gói SYN của ${side(a.connector)} (khung ${a.synFrame}) tới ${hostPort(a.dst)} bị ` +
        `trả lời bằng RST (khung ${a.rstFrame}): không có gì lắng nghe ở cổng đó, nên không mở được kết nối dữ liệu ` +
        `và máy chủ trả lời ${replyOf(a.code, a.replyFrame)}` +
        `${a.code === 425 ? ' — 425 “không mở được kết nối dữ liệu” chính là trường hợp này' : ''}.`
      );
    case 'connect-unanswered':
      return (
        `${Side(a.connector)} gửi SYN (khung ${a.synFrame}) tới ${hostPort(a.dst)} nhưng không có SYN/ACK nào quay ` +
        `lại: không ai trả lời ở địa chỉ đó; lần truyền kết thúc với ${replyOf(a.code, a.replyFrame)}.`
      );
    case 'data-reset':
      return (
        `${Side(a.by)} đặt lại kết nối dữ liệu (RST, khung ${a.rstFrame}) sau khi đã truyền ${n(a.bytes)} byte: ` +
        `lần truyền bị cắt ngang, và máy chủ báo ${replyOf(a.code, a.replyFrame)}` +
        `${a.code !== null && CODES[a.code] ? ` (${CODES[a.code]})` : ''}.`
      );
    case 'aborted':
      return (
        `Máy khách hủy lần truyền bằng ABOR (khung ${a.aborFrame}) sau ${n(a.bytes)} byte: máy chủ trả lời lệnh ` +
        `truyền bằng ${replyOf(a.code, a.replyFrame)} và trả lời chính ABOR bằng ${a.aborCode ?? '(không có)'} ` +
        '(RFC 959: 426 cho lần truyền bị hủy, rồi 226 cho ABOR).'
      );
    case 'failed':
      return `Máy chủ từ chối ${a.command} bằng ${a.code} (khung ${a.frame}): ${CODES[a.code] ?? 'trả lời phủ định'}.`;
    case 'nat-announced': {
      const where =
        a.connectedTo === null
          ? 'sau đó không có kết nối dữ liệu nào'
          : a.connectedTo.ip === a.announced.ip
            ? `máy khách gửi SYN tới đúng địa chỉ được thông báo ${hostPort(a.connectedTo)}`
            : `máy khách bỏ qua địa chỉ được thông báo và kết nối tới ${hostPort(a.connectedTo)}, tức địa chỉ của ` +
              'kết nối điều khiển với cổng được thông báo';
      return (
        `Trả lời thụ động (khung ${a.replyFrame ?? '?'}) thông báo ${hostPort(a.announced)}, nhưng máy chủ được ` +
        `truy cập qua ${a.serverIp}: máy chủ nằm sau NAT (thông báo một địa chỉ máy khách không tới được) hoặc cấu ` +
        `hình sai; ${where}.`
      );
    }
    case 'rest': {
      const total = a.offset + a.bytes;
      const size =
        a.statedSize === null
          ? ''
          : total === a.statedSize
            ? ` — đúng bằng kích thước tệp máy chủ đã báo (${n(a.statedSize)} byte)`
            : ` (máy chủ báo ${n(a.statedSize)} byte)`;
      return (
        `REST ${a.offset} (khung ${a.restFrame}, trả lời ${a.code ?? 'không có'}) làm lần truyền bắt đầu từ byte ` +
        `${n(a.offset)} của tệp thay vì 0: kết nối dữ liệu mang ${n(a.bytes)} byte, vậy tệp kết thúc ở byte ` +
        `${n(total)}${size}.`
      );
    }
  }
}

function anomalyNote(a: Anomaly): string {
  switch (a.kind) {
    case 'setup-refused':
      return `${a.command} bị từ chối (${a.code}): không có kết nối dữ liệu`;
    case 'connect-refused':
      return `SYN ${a.synFrame} bị RST ${a.rstFrame} từ chối: cổng không mở, nên ${a.code ?? 'lỗi'}`;
    case 'connect-unanswered':
      return `SYN ${a.synFrame} tới ${hostPort(a.dst)} không được trả lời`;
    case 'data-reset':
      return `${side(a.by)} đặt lại kết nối dữ liệu sau ${a.bytes} byte`;
    case 'aborted':
      return `ABOR sau ${a.bytes} byte: ${a.code ?? '?'} rồi ${a.aborCode ?? '?'}`;
    case 'failed':
      return `${a.command} thất bại: ${a.code}`;
    case 'nat-announced':
      return `thông báo ${hostPort(a.announced)}, máy chủ là ${a.serverIp} (NAT)`;
    case 'rest':
      return `REST ${a.offset}: bắt đầu từ byte ${a.offset}`;
  }
}

function close(f: CloseFacts): string {
  const meaning = f.replyCode === 221 ? ' “đóng kết nối điều khiển”' : '';
  const other = f.closedBy === 'client' ? 'máy chủ' : 'máy khách';
  const quit =
    f.quitFrame === null
      ? 'Máy khách không gửi QUIT trong bản bắt gói'
      : `Máy khách đăng xuất bằng QUIT (khung ${f.quitFrame}) và máy chủ trả lời ` +
        `${f.replyCode === null ? '(không có trong bản bắt gói)' : `${f.replyCode}${meaning} (khung ${f.replyFrame})`}`;
  const fin =
    f.closedBy === 'none'
      ? '; khi bản bắt gói kết thúc, kết nối điều khiển vẫn mở.'
      : f.closedBy === 'reset'
        ? `; sau đó kết nối điều khiển bị đặt lại (RST, khung ${f.closeFrame}).`
        : `; sau đó ${side(f.closedBy)} đóng kết nối điều khiển trước (FIN, khung ${f.closeFrame})` +
          `${f.answerFrame === null ? '' : ` và ${other} đáp lại bằng FIN của mình (khung ${f.answerFrame})`}.`;
  return `${quit}${fin}`;
}

const modeName = (m: 'active' | 'passive') => (m === 'active' ? 'chủ động' : 'thụ động');

const comparison: Catalog['comparison'] = {
  title: 'So sánh chế độ chủ động và thụ động',
  intro: (captures) =>
    `Mỗi dòng là một lần truyền${captures > 1 ? `, từ ${captures} bản bắt gói` : ''}: ai mở kết nối dữ liệu tới ai, ` +
    'và khi nào, tính từ lệnh truyền.',
  columns: [
    'Bản bắt gói',
    'Lần truyền',
    'Chế độ',
    'Lệnh',
    'Kết nối dữ liệu (bên gửi SYN → bên nhận)',
    'SYN trước/sau lệnh',
    'Lệnh → SYN dữ liệu',
    'Lệnh chế độ → byte đầu',
    'Byte đầu → byte cuối',
    'Byte',
  ],
  side: (x) => side(x),
  beforeAfter: (b) => (b === null ? '–' : b ? 'trước' : 'sau'),
  example: (x: ComparedTransfer) => {
    if (x.connector === null || x.src === null || x.dst === null)
      return `Ở chế độ ${modeName(x.mode)} (${x.transferId}, ${x.command}) không có kết nối dữ liệu nào được bắt.`;
    const to = x.connector === 'server' ? `tới cổng ${x.dst.port} của máy khách` : `tới cổng ${x.dst.port} của máy chủ`;
    const when =
      x.commandToSynMs === null
        ? ''
        : `, ${fmt.duration(x.commandToSynMs)} ${x.commandToSynMs < 0 ? 'trước' : 'sau'} khi gửi ${x.command}`;
    return (
      `Ở chế độ ${modeName(x.mode)} (${x.transferId}, ${x.setupCommand} rồi ${x.command}) ${side(x.connector)} mở ` +
      `kết nối dữ liệu từ cổng ${x.src.port} ${to}${when}; byte đầu tiên đến ${fmt.duration(x.setupToFirstByteMs)} ` +
      `sau ${x.setupCommand}, và ${n(x.bytes)} byte được truyền` +
      `${x.transferMs ? ` trong ${fmt.duration(x.transferMs)}` : ''}.`
    );
  },
  contrast: (a, p) => {
    const aAfter = a.commandToSynMs !== null && a.commandToSynMs > 0;
    const pBefore = p.commandToSynMs !== null && p.commandToSynMs < 0;
    const activeEarly =
      ': máy chủ ở chế độ chủ động kết nối trước lệnh truyền, ngay khi đọc ' +
      `${a.setupCommand} (trường hợp trả lời 125 “kết nối dữ liệu đã mở”)`;
    const passiveLate = ': máy khách ở chế độ thụ động gửi lệnh truyền trước khi kết nối';
    const textbook =
      aAfter && pBefore
        ? 'Dấu của con số phân biệt hai chế độ: ở chế độ chủ động máy chủ kết nối sau lệnh truyền (nó chờ có gì để ' +
          'gửi), ở chế độ thụ động máy khách kết nối trước lệnh (ngay khi đọc được cổng).'
        : 'Ở đây thứ tự không như sách giáo khoa' +
          `${!aAfter && a.commandToSynMs !== null ? activeEarly : ''}` +
          `${!pBefore && p.commandToSynMs !== null ? passiveLate : ''}.`;
    return (
      `${textbook} Ở chế độ chủ động, máy chủ là bên kết nối, nên tường lửa hoặc NAT phía trước máy khách phải cho ` +
      'nó đi qua; ở chế độ thụ động mọi kết nối đều đi ra từ máy khách.'
    );
  },
  signNote:
    'Lệnh → SYN dữ liệu có dấu: âm khi kết nối dữ liệu được mở trước lệnh truyền. Các số không lấy trung bình: ' +
    'mỗi dòng là một lần truyền.',
};

export const vi: Catalog = {
  fmt,
  count: n,
  ms: fmt.duration,
  client: 'Máy khách',
  server: 'Máy chủ',
  port: 'cổng',
  controlConnection: 'kết nối điều khiển',
  dataConnection: 'kết nối dữ liệu',
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
    `… ${n(packets)} gói của kết nối dữ liệu (${n(bytes)} byte dữ liệu), khung ${first}–${last} …`,
  filter: (f) => `Bộ lọc hiển thị Wireshark: \`${f}\``,

  title: (file) => `Phân tích lưu lượng FTP: ${file}`,
  summaryColumns: ['Phiên', 'Máy khách → máy chủ', 'Đăng nhập', 'Chủ động', 'Thụ động', 'Byte', 'Phát hiện'],
  summaryRow: (r) => [
    r.session,
    r.endpoints,
    r.login === 'none' ? '–' : `${LOGIN[r.login]}${r.user === null || r.login === 'failed' ? '' : ` (${r.user})`}`,
    n(r.active),
    n(r.passive),
    n(r.bytes),
    n(r.findings),
  ],
  total: 'Tổng',
  summary: (f) =>
    f.sessions === 0
      ? 'Bản bắt gói không có phiên điều khiển FTP nào.'
      : `Bản bắt gói có ${n(f.sessions)} phiên FTP giữa ${n(f.hosts)} máy, với ${n(f.logins)} lần đăng nhập ` +
        'thành công' +
        `${f.failedLogins > 0 ? ` và ${n(f.failedLogins)} lần đăng nhập thất bại` : ''}` +
        ` và ${n(f.transfers)} lần truyền (${n(f.active)} ở chế độ chủ động, ${n(f.passive)} ở chế độ thụ động).` +
        `${f.findings > 0 ? ` ${n(f.findings)} phát hiện được liệt kê ở cuối mỗi phiên.` : ''}`,
  captureTable: {
    heading: 'Bản bắt gói',
    field: 'Mục',
    value: 'Giá trị',
    file: 'Tệp',
    format: 'Định dạng',
    packets: 'Số gói',
    first: 'Gói đầu tiên',
    last: 'Gói cuối cùng',
    duration: 'Thời lượng',
    hosts: 'Máy',
    tshark: 'tshark',
    ports: 'Cổng điều khiển FTP',
  },
  noSessions: 'Không tìm thấy phiên FTP nào. Nếu FTP chạy trên cổng khác, hãy chỉ ra bằng `--ftp-port`.',

  sessionHeading: (id, client, server) => `Phiên ${id}: ${client} → ${server}`,
  headings: {
    setup: '1. Thiết lập kết nối điều khiển',
    auth: '2. Xác thực',
    commands: '3. Lệnh và trả lời',
    modes: '4. Thỏa thuận chế độ',
    data: '5. Truyền dữ liệu',
    timing: '6. Thời gian',
    close: '7. Đóng kết nối điều khiển',
    glossary: '8. Các lệnh đã thấy',
    diagram: '9. Biểu đồ tuần tự',
    findings: '10. Phát hiện',
    conclusion: 'Kết luận',
    warnings: 'Những gì bản bắt gói không cho thấy',
    comparison: 'So sánh chế độ chủ động và thụ động',
    anomalies: 'Điều gì không ổn',
  },

  handshake: (f) =>
    `Máy khách mở kết nối điều khiển từ cổng tạm ${f.clientPort} của nó tới cổng ${f.serverPort} của máy chủ ` +
    `${f.serverIp}: SYN (khung ${f.synFrame}), SYN/ACK, ACK (khung ${f.ackFrame}), tức bắt tay ba bước mà mọi giao ` +
    `thức TCP đều bắt đầu bằng. Từ SYN tới ACK cuối mất ${fmt.duration(f.rttMs)} (thời gian khứ hồi nhìn từ ` +
    'điểm bắt gói).',
  nonStandardPort: (port) => `Máy chủ lắng nghe trên cổng ${port}, không phải cổng chuẩn 21 của FTP.`,
  noHandshake: 'Bản bắt gói bắt đầu sau khi kết nối điều khiển đã mở: không có bắt tay ba bước của nó.',
  banner: (frame) => `Máy chủ chào máy khách bằng trả lời 220${frame === null ? '' : ` (khung ${frame})`}:`,
  splitReply: (code, first, last, segments) =>
    `Trả lời ${code} đến trong ${n(segments)} đoạn TCP (khung ${first}–${last}); báo cáo này dẫn nó bằng đoạn đầu. ` +
    `Wireshark phân tích từng đoạn riêng: cột Info của khung ${first} có mã ${code} và phần đầu văn bản, các đoạn ` +
    'sau chỉ hiện phần còn lại, vì TCP không giữ ranh giới dòng của máy chủ: một dòng có thể bị cắt ở bất kỳ đâu, ' +
    'và máy khách đọc tiếp tới dòng cuối.',
  typedCommands: (count, segments, example, first, last) =>
    `${n(count)} lệnh được gửi mỗi đoạn TCP một ký tự (hoặc vài ký tự), tổng cộng ${n(segments)} đoạn — một máy ` +
    'khách như telnet gửi từng phím ngay khi gõ; máy chủ chỉ thực hiện lệnh khi nhận đủ dòng, ở CRLF. Wireshark ' +
    'liệt kê từng đoạn (`Request: u`, `Request: s` …); bảng ở đây gộp mỗi lệnh thành một dòng kèm số đoạn, ví dụ ' +
    `${example} (khung ${first}–${last}).`,
  typedRow: (line, segments) => `${line} [gõ trong ${segments} đoạn]`,

  authIntro: 'Máy khách gửi tên người dùng bằng USER và mật khẩu bằng PASS; máy chủ trả lời từng lệnh.',
  replyIntro:
    'Mọi mã trả lời của phiên: chữ số đầu cho biết kết quả, chữ số thứ hai cho biết nó nói về điều gì (RFC 959 §4.2).',
  replyColumns: ['Mã', 'Ý nghĩa', 'Chữ số đầu', 'Chữ số thứ hai', 'Trả lời cho', 'Khung'],
  answered: (command, frame) => (command === null ? `kết nối (khung ${frame})` : `${command} (khung ${frame})`),
  userNote:
    'Máy chủ trả lời USER bằng 331 “cần mật khẩu” dù tài khoản có tồn tại hay không, và chỉ quyết định sau PASS: ' +
    'nếu trả lời USER khác nhau, kẻ tấn công sẽ biết tên người dùng nào có thật.',
  codeMeaning: (code) => CODES[code] ?? null,
  firstDigit: (kind) => FIRST[kind],
  secondDigit: (area) => SECOND[area],
  cleartext: (users, passwords, f) =>
    'Cả tên người dùng lẫn mật khẩu đều không được mã hóa: ai bắt được lưu lượng này đều đọc được người dùng ' +
    `${list(users)}${passwords.length > 0 ? ` và mật khẩu ${list(passwords)}` : ''} trong ${frames(f)}.`,
  anonymousLogin: (user) =>
    `Đăng nhập ẩn danh (người dùng ${user}): máy chủ không kiểm tra mật khẩu, thường là một địa chỉ e-mail.`,
  failedLogins: (count, f) =>
    `${n(count)} lần đăng nhập thất bại (${frames(f)}): máy chủ trả lời 530 “chưa đăng nhập” khi tên người dùng ` +
    'và mật khẩu không khớp.',
  bruteForce: (count) => `${n(count)} lần thất bại trong một phiên giống như dò mật khẩu (brute force).`,
  loginOutcome: (outcome, user) =>
    outcome === 'success'
      ? `Đăng nhập thành công${user === null ? '' : ` với tên ${user}`} (230 “người dùng đã đăng nhập”).`
      : outcome === 'failed'
        ? 'Không lần đăng nhập nào thành công.'
        : 'Bản bắt gói không cho thấy đăng nhập kết thúc ra sao.',
  tlsAccepted: (frame) =>
    `Máy khách yêu cầu TLS bằng AUTH${frame === null ? '' : ` (khung ${frame})`} và máy chủ chấp nhận bằng 234: ` +
    'phần còn lại của kênh điều khiển đã mã hóa, không đọc được.',
  tlsRefused: (frame) =>
    `Máy khách yêu cầu TLS bằng AUTH${frame === null ? '' : ` (khung ${frame})`} nhưng máy chủ không chấp nhận, ` +
    'nên phiên vẫn ở dạng rõ.',
  tlsKeylog: (f) => {
    const upgrade = f.implicit
      ? `Phiên là FTPS ngầm định: máy khách bắt tay TLS ngay trên cổng ${f.port}, trước khi có bất kỳ FTP nào, ` +
        'và mọi lệnh, trả lời đều đi trong TLS.'
      : `Máy khách yêu cầu TLS bằng ${f.auth ?? 'AUTH'}${f.authFrame === null ? '' : ` (khung ${f.authFrame})`} ` +
        `và máy chủ đồng ý bằng 234${f.acceptFrame === null ? '' : ` (khung ${f.acceptFrame})`}; bắt tay TLS ` +
        '(ClientHello, ServerHello, chứng chỉ) diễn ra ngay trên cùng kết nối, và mọi lệnh, trả lời sau đó đều ' +
        'đi trong TLS.';
    if (!f.decrypted)
      return (
        `${upgrade} Tệp khóa TLS đưa cho ftp-report không có khóa của phiên này, nên báo cáo chỉ thấy những gì một ` +
        'người quan sát không có khóa thấy: các bản ghi TLS, kích thước và thời điểm của chúng, các kết nối dữ liệu ' +
        'được mở, nhưng không thấy lệnh, tên người dùng, mật khẩu hay tên tệp nào.'
      );
    const prot =
      f.prot === null
        ? ''
        : ` Trong TLS, máy khách gửi PBSZ 0${f.pbszFrame === null ? '' : ` (khung ${f.pbszFrame})`} và ` +
          `PROT ${f.prot}${f.protFrame === null ? '' : ` (khung ${f.protFrame})`} (RFC 4217): PROT P đặt mọi kết ` +
          'nối dữ liệu trong TLS, PROT C để kết nối dữ liệu ở dạng rõ.';
    const data =
      f.clearTransfers > 0
        ? ` Các kết nối dữ liệu (${f.clearTransfers}) đi qua mạng ở dạng rõ: người quan sát đó vẫn đọc được mọi ` +
          'danh sách và tệp, chỉ không biết lệnh nào yêu cầu.'
        : f.privateTransfers > 0
          ? ' Các kết nối dữ liệu cũng dùng TLS: người quan sát đó chỉ thấy kích thước của chúng.'
          : '';
    const inClear = f.implicit
      ? 'không có gì của FTP ở dạng rõ, kể cả lời chào: chỉ có các bản ghi TLS'
      : `chỉ lời chào và ${f.auth ?? 'AUTH'} cùng trả lời 234 ở dạng rõ, sau đó là các bản ghi TLS`;
    return (
      `${upgrade}${prot} Tệp khóa TLS đưa cho ftp-report đã giải mã kênh điều khiển, nên lệnh, trả lời và đăng nhập ` +
      `trong báo cáo được đọc từ bản rõ. Người quan sát không có khóa thấy ${inClear}: kích thước, thời điểm và các ` +
      `kết nối được mở, nhưng không thấy lệnh, tên người dùng, mật khẩu hay tên tệp nào.${data}`
    );
  },
  noLogin: 'Phiên này không có lệnh USER hay PASS nào.',

  transferHeading: (id, command, arg, mode) => `${id}: ${command}${arg ? ` ${arg}` : ''} (chế độ ${modeName(mode)})`,
  setupExchange: (command, cf, reply, rf) =>
    `Máy khách gửi ${command} (khung ${cf})` +
    `${reply === null ? '; bản bắt gói không có trả lời.' : ` và máy chủ trả lời ${reply} (khung ${rf}).`}`,
  decodeSix: (nums, ip, port) =>
    `Sáu số \`(${nums.join(',')})\` là địa chỉ và cổng: bốn số đầu, \`${nums.slice(0, 4).join(',')}\`, thay dấu ` +
    `phẩy bằng dấu chấm là **${ip}**; hai số cuối là cổng, ${nums[4]}×256+${nums[5]} = **${port}**.`,
  decodeEpsv: (port, ip) =>
    `EPSV chỉ thông báo cổng, \`(|||${port}|)\` → **${port}**, trên địa chỉ mà kết nối điều khiển đang dùng ` +
    `(**${ip}**).`,
  decodeEprt: (ip, port, raw) =>
    `EPRT ghi họ địa chỉ, địa chỉ và cổng giữa các dấu phân cách${raw ? `: \`${raw}\`` : ''} — họ ` +
    `${ip.includes(':') ? '2 (IPv6)' : '1 (IPv4)'}, địa chỉ **${ip}**, cổng **${port}** (RFC 2428).`,
  setupRefused: (command, code, frame, meaning) =>
    `Máy chủ từ chối ${command} bằng ${code} (khung ${frame})${meaning ? `: ${meaning}` : ''}. Lệnh này không dẫn ` +
    'tới kết nối dữ liệu nào: không ai kết nối tới địa chỉ được thông báo.',
  whoConnects: (mode, announced) =>
    mode === 'passive'
      ? `Ở chế độ thụ động, máy chủ lắng nghe và máy khách kết nối tới ${announced}.`
      : `Ở chế độ chủ động, máy khách lắng nghe trên ${announced} và máy chủ kết nối tới đó.`,
  natNote: (a, s) =>
    `Địa chỉ được thông báo ${a} không phải địa chỉ dùng để tới máy chủ (${s}): máy chủ nằm sau NAT hoặc cấu hình ` +
    'sai; máy khách vẫn kết nối được.',
  bounceNote: (a, c) =>
    `Địa chỉ được thông báo ${a} không phải của máy khách (${c}): máy chủ được yêu cầu kết nối tới máy khác (FTP ` +
    'bounce), hoặc máy khách nằm sau NAT.',
  noTransfers:
    'Phiên này không truyền dữ liệu (không có LIST, NLST, MLSD, RETR, STOR, STOU hay APPE với kết nối dữ liệu).',

  dataOpened: (f) => {
    const port =
      f.initiator === 'server'
        ? f.srcPort === 20
          ? ' từ cổng 20 (ftp-data), như RFC 959 mô tả cho chế độ chủ động'
          : ` từ cổng ${f.srcPort} — không phải cổng 20`
        : ` từ cổng tạm ${f.srcPort} của nó`;
    const when =
      f.before === null
        ? ''
        : f.before
          ? f.mode === 'passive'
            ? `, trước khi gửi ${f.command} (khung ${f.commandFrame}): ở chế độ thụ động máy khách kết nối ngay ` +
              'khi biết cổng'
            : `, trước khi máy khách gửi ${f.command} (khung ${f.commandFrame})` +
              `${f.beforeSetupReply ? ': máy chủ kết nối ngay khi đọc PORT, trước cả khi trả lời nó' : ''}`
          : `, sau khi máy khách gửi ${f.command} (khung ${f.commandFrame}): ở chế độ chủ động máy chủ kết nối ` +
            'khi nó có gì để gửi hoặc nhận';
    return (
      `${Side(f.initiator)} mở kết nối dữ liệu${f.synFrame === null ? '' : ` (SYN ở khung ${f.synFrame})`}${port}, ` +
      `${f.src} → ${f.dst}${when}.`
    );
  },
  noDataConnection: (command) => `Bản bắt gói không có kết nối dữ liệu nào cho ${command}.`,
  dataResult: (f) => {
    const way = f.direction === 'upload' ? 'từ máy khách tới máy chủ' : 'từ máy chủ tới máy khách';
    const status = {
      complete: 'và máy chủ xác nhận lần truyền',
      failed: 'nhưng máy chủ báo thất bại',
      aborted: 'nhưng máy khách đã hủy (ABOR)',
      incomplete: 'nhưng bản bắt gói kết thúc trước khi máy chủ xác nhận',
    }[f.status];
    const missing = f.missingBytes > 0 ? ` Ít nhất ${n(f.missingBytes)} byte ở giữa không được bắt.` : '';
    const closed =
      f.closedBy === 'none'
        ? ''
        : f.closedBy === 'reset'
          ? ' Kết nối dữ liệu bị đặt lại (RST).'
          : ` ${Side(f.closedBy)} đóng kết nối dữ liệu trước (FIN).`;
    return (
      `${n(f.bytes)} byte được truyền ${way} ${status} (trả lời ${f.replyCodes.join(', ') || 'không có'}` +
      `${f.finalMeaning ? `; ${f.replyCodes[f.replyCodes.length - 1]}: ${f.finalMeaning}` : ''}).${closed}${missing}`
    );
  },

  fileFacts: (f) => {
    const whole = f.complete
      ? 'mọi byte đều được bắt'
      : `không đầy đủ: ${n(f.missingBytes)} byte chưa bao giờ xuất hiện` +
        (f.bytesAfterGap > 0 ? `, thêm ${n(f.bytesAfterGap)} byte sau khoảng trống đầu tiên` : '');
    const where = f.extractedAs === null ? '' : ` Đã trích xuất thành \`${f.extractedAs}\`.`;
    return (
      `Kết nối dữ liệu mang ${n(f.size)} byte kiểu ${f.mime} (${whole}); ` +
      `SHA-256 \`${f.sha256}\`, MD5 \`${f.md5}\`.${where}`
    );
  },
  listingColumns: ['Tên', 'Loại', 'Kích thước', 'Sửa đổi'],
  listingMore: (k) => `… và ${n(k)} mục khác.`,
  timingIntro: 'Thời gian đo tại điểm bắt gói (giây, ms, µs).',
  sessionPhaseColumns: ['Giai đoạn', 'Từ (khung)', 'Đến (khung)', 'Thời lượng'],
  phases: {
    handshake: 'Bắt tay TCP (SYN → ACK)',
    login: 'Đăng nhập (USER → trả lời cuối cho PASS)',
    session: 'Toàn bộ kết nối điều khiển',
  },
  transferPhaseColumns: [
    'Lần truyền',
    'Chế độ',
    'Lệnh chế độ → trả lời',
    'Lệnh → SYN dữ liệu',
    'Lệnh → byte đầu',
    'Byte đầu → byte cuối',
    'Byte cuối → trả lời cuối',
    'Đóng (FIN → gói cuối)',
    'Tốc độ',
  ],
  mode: (m) => modeName(m),
  rateNote:
    'Lệnh → SYN dữ liệu âm khi kết nối dữ liệu mở trước lệnh. Tốc độ là “–” khi dữ liệu đi hết chưa tới 1 ms (qua ' +
    'loopback cả tệp có thể đi trong vài micro giây: tốc độ tính từ đó vô nghĩa) hoặc chỉ có một đoạn.',
  comparison,
  anomaly,
  anomalyNote,
  close,
  glossaryColumns: ['Lệnh', 'Tác dụng', 'Số lần'],
  glossary: (c) => COMMANDS[c] ?? null,
  severity: (x) => SEVERITY[x],
  dataLabel: (bytes) => `dữ liệu ${bytes} byte`,

  diagramIntro:
    'Các gói chính của phiên (số khung ở đầu); kết nối điều khiển và kết nối dữ liệu mỗi loại có cặp đầu cuối riêng.',
  finding: (id) => FINDINGS[id],
  warning: warningMessage,
  noFindings: 'Không có gì cần báo.',
  conclusion: (f) => {
    const out: string[] = [];
    if (f.active + f.passive > 0) {
      const modes: string[] = [];
      if (f.passive > 0)
        modes.push(`${n(f.passive)} lần truyền ở chế độ thụ động, trong đó máy khách mở mọi kết nối dữ liệu`);
      if (f.active > 0) {
        const from =
          f.serverFromPort20 && f.serverFromOtherPort
            ? 'từ cổng 20 và từ các cổng khác'
            : f.serverFromPort20
              ? 'từ cổng 20'
              : 'từ một cổng khác cổng 20';
        modes.push(
          `${n(f.active)} lần truyền ở chế độ chủ động, trong đó máy chủ mở kết nối dữ liệu tới máy khách ${from}`,
        );
      }
      out.push(`Bản bắt gói cho thấy ${modes.join('; và ')}.`);
      if (f.active > 0)
        out.push(
          'Chế độ chủ động đòi hỏi máy khách nhận kết nối từ máy chủ trên một cổng do nó tự chọn: tường lửa hoặc NAT ' +
            'phía máy khách sẽ chặn nếu không có FTP helper mở cổng đó, vì vậy máy khách sau NAT dùng chế độ thụ ' +
            'động. Cách thường làm là cố định một dải cổng ở máy khách và mở nó bằng một luật tường lửa.',
        );
      if (f.passive > 0)
        out.push(
          'Chế độ thụ động giữ mọi kết nối đi ra từ máy khách nên hoạt động được sau NAT và tường lửa; cái giá ' +
            'chuyển sang máy chủ, nó phải cho phép kết nối vào trên dải cổng thụ động' +
            `${f.natMismatch ? ' và thông báo địa chỉ công khai của mình — ở đây nó thông báo một địa chỉ khác' : ''}.`,
        );
    }
    if (f.cleartextUsers.length > 0)
      out.push(
        `FTP không an toàn: người dùng ${list(f.cleartextUsers)} đăng nhập với mật khẩu ở dạng rõ` +
          `${f.anonymous ? ' (đăng nhập ẩn danh, vốn công khai)' : ''}. Hãy dùng FTPS (FTP qua TLS, AUTH TLS) hoặc ` +
          'SFTP (truyền tệp qua SSH).',
      );
    if (f.tls) out.push('Phiên dùng AUTH TLS, nên lệnh và mật khẩu sau khi nâng cấp được bảo vệ.');
    if (f.failedLogins > 0)
      out.push(
        `${n(f.failedLogins)} lần đăng nhập thất bại cho thấy trả lời 530 của máy chủ; nó không nói sai tên người ` +
          'dùng hay sai mật khẩu.',
      );
    if (f.bounce)
      out.push('Một lệnh PORT/EPRT chỉ máy chủ tới máy khác: máy chủ nên từ chối các lệnh PORT như vậy (FTP bounce).');
    return out;
  },
};
