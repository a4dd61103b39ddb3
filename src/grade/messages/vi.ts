// Vietnamese words of everything grade writes.

import type { TransferStatus } from '../../model.js';
import type { FailureFacts } from '../failure.js';
import type { Observation, Redo, UnmetCondition } from '../feedback.js';
import type { GradeCatalog } from './catalog.js';

const list = (items: (string | number)[]) => items.join(', ');
const frames = (f: number[]) => `khung ${list(f)}`;
const inFrames = (f: number[]) => (f.length > 0 ? ` (${frames(f)})` : '');
const MODE = { active: 'chủ động', passive: 'bị động' } as const;
const STATUS: Record<TransferStatus, string> = {
  complete: 'đã hoàn tất',
  failed: 'thất bại',
  aborted: 'bị hủy giữa chừng',
  incomplete: 'chưa hoàn tất',
};
const DIRECTION = { download: 'tải xuống', upload: 'tải lên', listing: 'liệt kê thư mục' } as const;
const WHO = { client: 'máy khách', server: 'máy chủ' } as const;

function unmet(u: UnmetCondition): string {
  switch (u.key) {
    case 'mode':
      return `nó dùng chế độ ${MODE[u.actual]}`;
    case 'setup':
      return `kênh dữ liệu của nó được thiết lập bằng ${u.actual}`;
    case 'command':
      return `đó là lệnh ${u.actual}`;
    case 'direction':
      return `đó là một lần ${DIRECTION[u.actual]}`;
    case 'initiator':
      return u.actual === null
        ? 'kết nối dữ liệu của nó không có trong bản bắt gói'
        : `kết nối dữ liệu của nó do ${WHO[u.actual]} mở`;
    case 'status':
      return (
        `lần truyền ${STATUS[u.actual]}` +
        `${u.replyCodes.length > 0 ? ` (phản hồi ${list(u.replyCodes)})` : ' (không có phản hồi)'}`
      );
    case 'minBytes':
      return `chỉ truyền ${u.actual} byte, cần ít nhất ${u.wanted}`;
    case 'replyCode':
      return `các phản hồi là ${u.actual.length > 0 ? list(u.actual) : 'không có'}, cần ${u.wanted}`;
    case 'dataSrcPort':
      return u.actual === null
        ? 'kết nối dữ liệu của nó không có trong bản bắt gói'
        : `kết nối dữ liệu của nó đi từ cổng ${u.actual}, không phải ${u.wanted}`;
    case 'openedBeforeCommand':
      return u.actual === null
        ? 'không rõ kết nối dữ liệu của nó được mở lúc nào'
        : `kết nối dữ liệu của nó được mở ${u.actual ? 'trước' : 'sau'} lệnh`;
  }
}

function observation(o: Observation): string {
  switch (o.kind) {
    case 'tls-encrypted':
      return `Kênh điều khiển đã chuyển sang TLS${inFrames(o.frames)}, nên không thể đọc được gì sau đó.`;
    case 'no-handshake':
      return (
        'Bản bắt gói bắt đầu sau khi kết nối đã được thiết lập: gói FTP đầu tiên' +
        `${inFrames(o.frames)} không phải là SYN.`
      );
    case 'no-login':
      return 'Bản bắt gói không có lệnh USER hay PASS nào.';
    case 'login-failed':
      return `Mọi lần đăng nhập đều bị từ chối${o.codes.length > 0 ? ` (${list(o.codes)})` : ''}${inFrames(o.frames)}.`;
    case 'login-other':
      return (
        `Lần đăng nhập trong bản bắt gói${o.user !== null ? ` (người dùng ${o.user})` : ''} kết thúc bằng ` +
        `${o.code ?? 'không có phản hồi'}${inFrames(o.frames)}, không phải kết quả được yêu cầu.`
      );
    case 'no-transfer':
      return 'Bản bắt gói không có lần truyền nào (không có LIST, RETR hay STOR).';
    case 'other-mode':
      return (
        `Không có lần truyền nào ở chế độ ${MODE[o.wanted]}: mọi kết nối dữ liệu đều được thiết lập ở chế độ ` +
        `${o.wanted === 'active' ? MODE.passive : MODE.active}${inFrames(o.frames)}.`
      );
    case 'transfer-unmet':
      return (
        `Lần truyền gần đúng nhất, ${o.command} sau ${o.setup}${inFrames(o.frames)}, không được tính: ` +
        `${o.unmet.map(unmet).join('; ')}.`
      );
    case 'no-data-connection':
      return 'Bản bắt gói không có kết nối dữ liệu nào.';
    case 'data-not-closed':
      return `Các kết nối dữ liệu${inFrames(o.frames)} không bao giờ đóng trong bản bắt gói (không có FIN).`;
    case 'data-reset':
      return `Các kết nối dữ liệu bị đặt lại (RST) chứ không đóng bằng FIN${inFrames(o.frames)}.`;
    case 'no-command':
      return `Máy khách chưa bao giờ gửi ${o.commands.join(' hoặc ')}.`;
    case 'command-reply':
      return (
        `${o.command} nhận phản hồi ${o.code ?? 'không có'}${inFrames(o.frames)}, ` +
        'không phải phản hồi được yêu cầu.'
      );
    case 'no-finding':
      return `Báo cáo không có phát hiện ${o.ids.join(' hoặc ')}.`;
  }
}

function redo(r: Redo): string {
  switch (r.kind) {
    case 'handshake':
      return 'Hãy bắt đầu bắt gói trước khi kết nối tới máy chủ, rồi bắt gói lại.';
    case 'login':
      return 'Hãy đăng nhập lại bằng USER và PASS đúng trong khi bắt gói, để phản hồi 230 được ghi lại.';
    case 'failed-login':
      return 'Trong khi bắt gói, hãy thử thêm một lần với mật khẩu sai.';
    case 'transfer': {
      const what =
        r.direction === 'upload'
          ? 'lần tải lên'
          : r.direction === 'listing'
            ? 'lần liệt kê thư mục'
            : r.direction === 'download'
              ? 'lần tải xuống'
              : 'một lần truyền (liệt kê thư mục hoặc tải xuống)';
      if (r.mode === 'passive')
        return `Hãy làm lại ${what} với PASV (hoặc EPSV), để máy khách của bạn mở kết nối dữ liệu.`;
      if (r.mode === 'active')
        return `Hãy làm lại ${what} ở chế độ chủ động (PORT hoặc EPRT), để máy chủ mở kết nối dữ liệu tới bạn.`;
      return `Hãy làm lại ${what} trong khi bắt gói trên mọi cổng (không lọc “port 21”) và chờ phản hồi 226.`;
    }
    case 'teardown':
      return 'Hãy tiếp tục bắt gói cho tới khi lần truyền xong và kết nối dữ liệu đã đóng; chỉ dừng sau QUIT.';
    case 'command':
      return `Hãy gửi ${r.commands.join(' hoặc ')} trong khi bắt gói.`;
    case 'finding':
      return `Hãy làm lại bước của bài thực hành thể hiện ${r.ids.join(' hoặc ')}.`;
  }
}

function failure(f: FailureFacts): string {
  switch (f.kind) {
    case 'no-such-file':
      return 'không có tệp này';
    case 'no-match':
      return 'không có tệp nào khớp với mẫu này';
    case 'is-directory':
      return 'đây là một thư mục, không phải tệp bắt gói';
    case 'not-a-file':
      return 'đây không phải là tệp thông thường';
    case 'cannot-read':
      return `không đọc được tệp (${f.errno ?? 'lỗi'})`;
    case 'empty-file':
      return 'tệp rỗng (0 byte), không phải bản bắt gói';
    case 'no-packets':
      return 'bản bắt gói không có gói nào';
    case 'not-a-capture':
      return `đây không phải bản bắt gói pcap hay pcapng (các byte đầu là ${f.firstBytes ?? '?'})`;
    case 'gzip-not-capture':
      return 'tệp được nén gzip nhưng bên trong không phải bản bắt gói pcap hay pcapng';
    case 'archive':
      return `đây là tệp nén ${f.format}: hãy giải nén rồi chấm bản bắt gói bên trong`;
    case 'not-ek':
      return 'đây không phải luồng tshark -T ek';
    case 'tshark-stopped': {
      const why = f.tsharkReason ?? f.exit;
      if (why === null) return 'không đọc được đầu ra của tshark';
      const read = f.packetsRead > 0 ? ` (sau ${f.packetsRead} gói)` : '';
      return `tshark dừng lại trước khi đọc hết bản bắt gói${read}; thông báo của tshark: ${why}`;
    }
    case 'no-ftp': {
      const also =
        f.dataConnections > 0
          ? ` (có ${f.dataConnections} kết nối TCP trông giống dữ liệu FTP, nhưng không có kết nối điều khiển)`
          : '';
      return `không có phiên điều khiển FTP trong ${f.packets} gói trên cổng ${list(f.ports)}${also}`;
    }
    case 'tshark-missing':
      return 'không tìm thấy tshark';
    case 'tshark-unusable':
      if (f.version !== null) return `tshark ${f.version} quá cũ`;
      if (f.tsharkReason !== null) return `tshark --version bị lỗi; thông báo của tshark: ${f.tsharkReason}`;
      return 'không chạy được tshark';
    case 'internal':
      return `lỗi nội bộ; thông báo: ${f.text}`;
  }
}

export const vi: GradeCatalog = {
  kind: { required: 'bắt buộc', optional: 'tùy chọn', bonus: 'điểm thưởng' },
  pass: 'đạt',
  fail: 'không đạt',
  yes: 'có',
  no: 'không',
  status: { graded: 'đã chấm', partial: 'chấm một phần', failed: 'chưa chấm' },
  frames,

  summaryTitle: (title) => `Tổng hợp của lớp: ${title}`,
  summaryCounts: (n) =>
    `${n.files} tệp: đã chấm ${n.graded}` +
    `${n.partial > 0 ? ` (${n.partial} tệp chấm một phần vì bị cắt cụt)` : ''}, không chấm được ${n.failed}.`,
  summaryScores: (n) =>
    `${n.met} trên ${n.graded} đạt mọi tiêu chí bắt buộc. Điểm trung bình ${n.mean} trên ${n.max} ` +
    `(trung vị ${n.median}).`,
  criteriaHeading: 'Tiêu chí',
  criteriaHeader: ['STT', 'Tiêu chí', 'Mã', 'Loại', 'Trọng số', 'Đạt', 'Tỉ lệ'],
  mistakesHeading: 'Lỗi thường gặp',
  mistakesHeader: ['Lỗi', 'Mã', 'Số bản bắt gói', 'Sinh viên'],
  noMistakes: 'Không tìm thấy lỗi thường gặp nào trong các bản bắt gói đã chấm.',
  copiesHeading: 'Có thể là bản sao',
  copiesIntro:
    'Các tệp này chứa cùng những gói đã ghi (cùng địa chỉ, cổng và thời điểm tới từng micro giây): chúng do một ' +
    'sinh viên ghi lại chứ không phải mỗi người tự ghi. Chỉ từ các tệp thì không thể biết tệp nào là bản gốc.',
  copiesHeader: ['Sinh viên', 'Tệp', 'Cách', 'Số gói chung'],
  copyKind: { identical: 'tệp giống hệt nhau', 'same-sessions': 'cùng phiên, tệp được lưu lại hoặc cắt bớt' },
  notGradedHeading: 'Các tệp không chấm được',
  notGradedHeader: ['Tệp', 'Sinh viên', 'Lý do', 'Chi tiết'],
  everyHeading: 'Tất cả các tệp',
  everyHeader: [
    'Tệp',
    'Sinh viên',
    'Điểm',
    'Phần trăm',
    'Đạt mọi tiêu chí bắt buộc',
    'Tiêu chí chưa đạt',
    'Lỗi',
    'Giống với',
  ],
  notGradedCell: (reason) => `chưa chấm: ${reason}`,
  partialCell: 'một phần',

  gradeHeading: 'Điểm',
  gradeScore: (n) =>
    `Điểm **${n.score} trên ${n.max}** (${n.percent}%)${n.bonus ? ' (đã tính điểm thưởng)' : ''}; ` +
    `đạt mọi tiêu chí bắt buộc: **${n.requiredMet ? 'có' : 'không'}**.`,
  gradeHeader: ['Tiêu chí', 'Loại', 'Trọng số', 'Kết quả', 'Khung làm bằng chứng', 'Vị trí'],
  mistakesSeen: 'Các lỗi thấy trong bản bắt gói:',
  partialNote: (packets) => `Bản bắt gói bị cắt cụt: được chấm trên ${packets} gói đọc được (chấm một phần).`,
  labInEnglish: 'Báo cáo chi tiết bên dưới được viết bằng tiếng Anh.',

  mistake: {
    'active-refused': 'đã thử chế độ chủ động nhưng máy chủ không kết nối được (425 hoặc không có kết nối dữ liệu)',
    'passive-failed': 'đã thử chế độ bị động nhưng kết nối dữ liệu thất bại (425 hoặc không có kết nối dữ liệu)',
    'no-active': 'không thử lần truyền nào ở chế độ chủ động (không có PORT/EPRT)',
    'no-passive': 'không thử lần truyền nào ở chế độ bị động (không có PASV/EPSV)',
    'login-failed-only': 'chỉ có đăng nhập thất bại: không lần đăng nhập nào thành công',
    'no-login': 'bản bắt gói không có đăng nhập (không có USER/PASS)',
    'mid-session': 'bắt gói bắt đầu giữa phiên: thiếu bắt tay của kết nối điều khiển',
    'data-not-captured':
      'thiếu kết nối dữ liệu trong bản bắt gói dù máy chủ đã phản hồi lần truyền (bộ lọc chỉ bắt cổng 21?)',
    'teardown-missing': 'thiếu việc đóng kết nối dữ liệu: không có FIN nào của kết nối dữ liệu trong bản bắt gói',
    'no-transfer': 'không có lần truyền dữ liệu (không có LIST, RETR hay STOR)',
    'capture-ended-early': 'bắt gói dừng trước khi một lần truyền kết thúc (không có phản hồi cuối)',
    'tls-encrypted': 'kênh điều khiển đã chuyển sang TLS (AUTH TLS): không đọc được lệnh và phản hồi',
    'ftp-bounce': 'FTP bounce: PORT/EPRT chỉ máy chủ tới một địa chỉ không phải máy khách (không trừ điểm)',
    'pasv-address-mismatch':
      'NAT: phản hồi PASV công bố địa chỉ khác với máy chủ mà máy khách đã kết nối tới (không trừ điểm)',
  },
  notMet: (title) => `chưa đạt: ${title}`,

  reason: {
    'not-found': 'không tìm thấy',
    unreadable: 'không đọc được',
    empty: 'rỗng',
    'not-a-capture': 'không phải bản bắt gói',
    archive: 'tệp nén',
    truncated: 'bị cắt cụt',
    corrupt: 'bị hỏng',
    'no-ftp': 'không có FTP',
    'tshark-error': 'lỗi tshark',
    'internal-error': 'lỗi nội bộ',
  },
  failure,

  lost: (title) => `Chưa đạt: ${title}.`,
  observation,
  redo,

  feedbackTitle: (student) => `Nhận xét: ${student}`,
  feedbackScore: (n) =>
    `Điểm của bạn: **${n.score} trên ${n.max}** (${n.percent}%). Đạt mọi tiêu chí bắt buộc: ` +
    `**${n.requiredMet ? 'có' : 'không'}**.`,
  feedbackPartial: (packets) => `Tệp bắt gói của bạn bị cắt cụt: nó được chấm trên ${packets} gói đọc được.`,
  feedbackAllMet: 'Bạn đã đạt mọi tiêu chí. Làm tốt lắm.',
  feedbackLostHeading: 'Còn thiếu gì và cần làm lại gì',
  feedbackMistakesHeading: 'Các lỗi thấy trong bản bắt gói của bạn',
  feedbackNotGraded: (reason) => `Không chấm được tệp của bạn: ${reason}.`,
  feedbackNotGradedAdvice: 'Hãy nộp chính bản bắt gói, là tệp .pcapng hoặc .pcap do Wireshark, tshark hay dumpcap lưu.',
  feedbackCopy: (kind, others) =>
    kind === 'identical'
      ? `Tệp của bạn giống hệt tệp của ${list(others)}. Giảng viên sẽ hỏi bạn về điều này.`
      : `Bản bắt gói của bạn chứa cùng những gói đã ghi như bản của ${list(others)}. ` +
        'Giảng viên sẽ hỏi bạn về điều này.',
};
