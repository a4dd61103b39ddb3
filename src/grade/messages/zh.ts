// Chinese (simplified) words of everything grade writes.

import type { TransferStatus } from '../../model.js';
import type { FailureFacts } from '../failure.js';
import type { Observation, Redo, UnmetCondition } from '../feedback.js';
import type { GradeCatalog } from './catalog.js';

const list = (items: (string | number)[]) => items.join('、');
const frames = (f: number[]) => `第 ${list(f)} 帧`;
const inFrames = (f: number[]) => (f.length > 0 ? `（${frames(f)}）` : '');
const MODE = { active: '主动', passive: '被动' } as const;
const STATUS: Record<TransferStatus, string> = {
  complete: '已完成',
  failed: '失败',
  aborted: '被中止',
  incomplete: '未完成',
};
const DIRECTION = { download: '下载', upload: '上传', listing: '列目录' } as const;
const WHO = { client: '客户端', server: '服务器' } as const;

function unmet(u: UnmetCondition): string {
  switch (u.key) {
    case 'mode':
      return `它使用的是${MODE[u.actual]}模式`;
    case 'setup':
      return `它的数据通道是用 ${u.actual} 建立的`;
    case 'command':
      return `它是 ${u.actual} 命令`;
    case 'direction':
      return `它是一次${DIRECTION[u.actual]}`;
    case 'initiator':
      return u.actual === null ? '它的数据连接不在捕获中' : `它的数据连接由${WHO[u.actual]}发起`;
    case 'status':
      return `传输${STATUS[u.actual]}${u.replyCodes.length > 0 ? `（应答 ${list(u.replyCodes)}）` : '（没有应答）'}`;
    case 'minBytes':
      return `只传输了 ${u.actual} 字节，要求至少 ${u.wanted} 字节`;
    case 'replyCode':
      return `应答为 ${u.actual.length > 0 ? list(u.actual) : '无'}，要求为 ${u.wanted}`;
    case 'dataSrcPort':
      return u.actual === null ? '它的数据连接不在捕获中' : `它的数据连接来自端口 ${u.actual}，而不是 ${u.wanted}`;
    case 'openedBeforeCommand':
      return u.actual === null ? '无法确定它的数据连接何时建立' : `它的数据连接在命令${u.actual ? '之前' : '之后'}建立`;
  }
}

function observation(o: Observation): string {
  switch (o.kind) {
    case 'tls-encrypted':
      return `控制通道切换到了 TLS${inFrames(o.frames)}，之后的内容都无法读取。`;
    case 'no-handshake':
      return `捕获是在连接建立之后才开始的：第一个 FTP 数据包${inFrames(o.frames)}不是 SYN。`;
    case 'no-login':
      return '捕获中没有 USER 或 PASS 命令。';
    case 'login-failed':
      return `所有登录都被拒绝${o.codes.length > 0 ? `（${list(o.codes)}）` : ''}${inFrames(o.frames)}。`;
    case 'login-other':
      return (
        `捕获中的登录${o.user !== null ? `（用户 ${o.user}）` : ''}以 ${o.code ?? '无应答'} 结束` +
        `${inFrames(o.frames)}，不是要求的那一种。`
      );
    case 'no-transfer':
      return '捕获中没有任何传输（没有 LIST、RETR 或 STOR）。';
    case 'other-mode':
      return (
        `没有${MODE[o.wanted]}模式的传输：所有数据连接都是用` +
        `${o.wanted === 'active' ? MODE.passive : MODE.active}模式建立的${inFrames(o.frames)}。`
      );
    case 'transfer-unmet':
      return (
        `最接近的一次传输，即 ${o.setup} 之后的 ${o.command}${inFrames(o.frames)}，不算数：` +
        `${o.unmet.map(unmet).join('；')}。`
      );
    case 'no-data-connection':
      return '捕获中没有任何数据连接。';
    case 'data-not-closed':
      return `数据连接${inFrames(o.frames)}在捕获中一直没有关闭（没有 FIN）。`;
    case 'data-reset':
      return `数据连接是被重置（RST）的，而不是用 FIN 关闭的${inFrames(o.frames)}。`;
    case 'no-command':
      return `客户端从未发送 ${o.commands.join(' 或 ')}。`;
    case 'command-reply':
      return `${o.command} 的应答是 ${o.code ?? '无'}${inFrames(o.frames)}，不是要求的应答。`;
    case 'no-finding':
      return `报告中没有 ${o.ids.join(' 或 ')} 这一发现。`;
  }
}

function redo(r: Redo): string {
  switch (r.kind) {
    case 'handshake':
      return '请在连接服务器之前开始捕获，然后重新捕获。';
    case 'login':
      return '请在捕获时用 USER 和正确的 PASS 重新登录，使 230 应答被记录下来。';
    case 'failed-login':
      return '请在捕获时再用错误的密码尝试一次登录。';
    case 'transfer': {
      const what =
        r.direction === 'upload'
          ? '上传'
          : r.direction === 'listing'
            ? '列目录'
            : r.direction === 'download'
              ? '下载'
              : '一次传输（列目录或下载）';
      if (r.mode === 'passive') return `请用 PASV（或 EPSV）重做${what}，让你的客户端发起数据连接。`;
      if (r.mode === 'active') return `请用主动模式（PORT 或 EPRT）重做${what}，让服务器向你发起数据连接。`;
      return `请在捕获所有端口（不要用“port 21”过滤）的情况下重做${what}，并等到 226 应答。`;
    }
    case 'teardown':
      return '请一直捕获到传输结束、数据连接关闭为止；在 QUIT 之后再停止捕获。';
    case 'command':
      return `请在捕获时发送 ${r.commands.join(' 或 ')}。`;
    case 'finding':
      return `请重做实验中能体现 ${r.ids.join(' 或 ')} 的那一步。`;
  }
}

function failure(f: FailureFacts): string {
  switch (f.kind) {
    case 'no-such-file':
      return '文件不存在';
    case 'no-match':
      return '没有文件与该模式匹配';
    case 'is-directory':
      return '这是一个目录，不是捕获文件';
    case 'not-a-file':
      return '这不是普通文件';
    case 'cannot-read':
      return `文件无法读取（${f.errno ?? '错误'}）`;
    case 'empty-file':
      return '文件为空（0 字节），不是捕获文件';
    case 'no-packets':
      return '捕获中没有任何数据包';
    case 'not-a-capture':
      return `这不是 pcap 或 pcapng 捕获文件（开头字节为 ${f.firstBytes ?? '?'}）`;
    case 'gzip-not-capture':
      return '文件经过 gzip 压缩，但里面不是 pcap 或 pcapng 捕获';
    case 'archive':
      return `这是一个 ${f.format} 压缩包：请解压后对其中的捕获文件评分`;
    case 'not-ek':
      return '这不是 tshark -T ek 数据流';
    case 'tshark-stopped': {
      const why = f.tsharkReason ?? f.exit;
      if (why === null) return '无法读取 tshark 的输出';
      const read = f.packetsRead > 0 ? `（已读取 ${f.packetsRead} 个数据包）` : '';
      return `tshark 在捕获结束之前停止了${read}；tshark 的信息：${why}`;
    }
    case 'no-ftp': {
      const also =
        f.dataConnections > 0 ? `（有 ${f.dataConnections} 个像是 FTP 数据的 TCP 连接，但没有控制连接）` : '';
      return `在端口 ${list(f.ports)} 上的 ${f.packets} 个数据包中没有 FTP 控制会话${also}`;
    }
    case 'tshark-missing':
      return '找不到 tshark';
    case 'tshark-unusable':
      if (f.version !== null) return `tshark ${f.version} 版本太旧`;
      if (f.tsharkReason !== null) return `tshark --version 执行失败；tshark 的信息：${f.tsharkReason}`;
      return '无法运行 tshark';
    case 'internal':
      return `内部错误；信息：${f.text}`;
  }
}

export const zh: GradeCatalog = {
  kind: { required: '必需', optional: '可选', bonus: '加分' },
  pass: '通过',
  fail: '未通过',
  yes: '是',
  no: '否',
  status: { graded: '已评分', partial: '部分评分', failed: '未评分' },
  frames,

  summaryTitle: (title) => `班级汇总：${title}`,
  summaryCounts: (n) =>
    `共 ${n.files} 个文件：已评分 ${n.graded} 个` +
    `${n.partial > 0 ? `（其中 ${n.partial} 个因文件被截断而部分评分）` : ''}，无法评分 ${n.failed} 个。`,
  summaryScores: (n) =>
    `${n.graded} 个中有 ${n.met} 个满足所有必需标准。平均分 ${n.mean}（满分 ${n.max}），中位数 ${n.median}。`,
  criteriaHeading: '评分标准',
  criteriaHeader: ['序号', '标准', '代码', '类型', '权重', '通过', '比例'],
  mistakesHeading: '常见错误',
  mistakesHeader: ['错误', '代码', '捕获数', '学生'],
  noMistakes: '在已评分的捕获中没有发现常见错误。',
  copiesHeading: '可能的抄袭',
  copiesIntro:
    '这些文件包含相同的已记录数据包（相同的地址、端口和精确到微秒的时间）：它们是由同一名学生录制的，而不是各自录制的。' +
    '仅凭文件无法判断哪一个是原件。',
  copiesHeader: ['学生', '文件', '方式', '共同的数据包'],
  copyKind: { identical: '完全相同的文件', 'same-sessions': '相同的会话，文件经过另存或裁剪' },
  notGradedHeading: '无法评分的文件',
  notGradedHeader: ['文件', '学生', '原因', '详情'],
  everyHeading: '所有文件',
  everyHeader: ['文件', '学生', '得分', '百分比', '必需标准全部满足', '未满足的标准', '错误', '相同于'],
  notGradedCell: (reason) => `未评分：${reason}`,
  partialCell: '部分',

  gradeHeading: '评分',
  gradeScore: (n) =>
    `得分 **${n.score} / ${n.max}**（${n.percent}%）${n.bonus ? '（含加分）' : ''}；` +
    `所有必需标准均满足：**${n.requiredMet ? '是' : '否'}**。`,
  gradeHeader: ['标准', '类型', '权重', '结果', '证据帧', '位置'],
  mistakesSeen: '在捕获中发现的错误：',
  partialNote: (packets) => `捕获文件被截断：根据能够读取的 ${packets} 个数据包评分（部分评分）。`,
  labInEnglish: '下面的详细报告是英文的。',

  mistake: {
    'active-refused': '尝试了主动模式，但服务器无法连接（425 或没有数据连接）',
    'passive-failed': '尝试了被动模式，但数据连接失败（425 或没有数据连接）',
    'no-active': '没有尝试主动模式的传输（没有 PORT/EPRT）',
    'no-passive': '没有尝试被动模式的传输（没有 PASV/EPSV）',
    'login-failed-only': '只有失败的登录：没有一次登录成功',
    'no-login': '捕获中没有登录（没有 USER/PASS）',
    'mid-session': '捕获从会话中途开始：缺少控制连接的握手',
    'data-not-captured': '服务器应答了传输，但数据连接不在捕获中（捕获过滤器只抓了 21 端口？）',
    'teardown-missing': '缺少数据连接的关闭：捕获中没有任何数据连接的 FIN',
    'no-transfer': '没有数据传输（没有 LIST、RETR 或 STOR）',
    'capture-ended-early': '捕获在传输结束之前就停止了（没有最终应答）',
    'tls-encrypted': '控制通道切换到了 TLS（AUTH TLS）：命令和应答无法读取',
    'ftp-bounce': 'FTP 反弹：PORT/EPRT 让服务器连接到一个不是客户端的地址（不扣分）',
    'pasv-address-mismatch': 'NAT：被动模式应答中公布的地址与客户端所连接的服务器地址不同（不扣分）',
  },
  notMet: (title) => `未满足：${title}`,

  reason: {
    'not-found': '找不到',
    unreadable: '无法读取',
    empty: '空文件',
    'not-a-capture': '不是捕获文件',
    archive: '压缩包',
    truncated: '被截断',
    corrupt: '已损坏',
    'no-ftp': '没有 FTP',
    'tshark-error': 'tshark 出错',
    'internal-error': '内部错误',
  },
  failure,

  lost: (title) => `未满足：${title}。`,
  observation,
  redo,

  feedbackTitle: (student) => `反馈：${student}`,
  feedbackScore: (n) =>
    `你的得分：**${n.score} / ${n.max}**（${n.percent}%）。所有必需标准均满足：**${n.requiredMet ? '是' : '否'}**。`,
  feedbackPartial: (packets) => `你的捕获文件被截断了：根据能够读取的 ${packets} 个数据包进行了评分。`,
  feedbackAllMet: '你满足了所有标准，做得很好。',
  feedbackLostHeading: '缺少什么，需要重做什么',
  feedbackMistakesHeading: '在你的捕获中发现的错误',
  feedbackNotGraded: (reason) => `你的文件无法评分：${reason}。`,
  feedbackNotGradedAdvice: '请提交捕获文件本身，即由 Wireshark、tshark 或 dumpcap 保存的 .pcapng 或 .pcap 文件。',
  feedbackCopy: (kind, others) =>
    kind === 'identical'
      ? `你的文件与 ${list(others)} 的文件完全相同。老师会就此向你询问。`
      : `你的捕获与 ${list(others)} 的捕获包含相同的已记录数据包。老师会就此向你询问。`,
};
