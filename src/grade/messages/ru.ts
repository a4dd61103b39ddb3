// Russian words of everything grade writes.

import type { TransferStatus } from '../../model.js';
import type { FailureFacts } from '../failure.js';
import type { Observation, Redo, UnmetCondition } from '../feedback.js';
import type { GradeCatalog } from './catalog.js';

const list = (items: (string | number)[]) => items.join(', ');
const frames = (f: number[]) => (f.length === 1 ? `кадр ${f[0]}` : `кадры ${list(f)}`);
const inFrames = (f: number[]) => (f.length > 0 ? ` (${frames(f)})` : '');
/** 1 пакет, 2 пакета, 5 пакетов. */
function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  const word = m10 === 1 && m100 !== 11 ? one : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? few : many;
  return `${n} ${word}`;
}
const MODE = { active: 'активном', passive: 'пассивном' } as const;
const STATUS: Record<TransferStatus, string> = {
  complete: 'завершена',
  failed: 'не удалась',
  aborted: 'прервана',
  incomplete: 'не завершена',
};
const DIRECTION = { download: 'загрузка', upload: 'выгрузка', listing: 'листинг' } as const;

function unmet(u: UnmetCondition): string {
  switch (u.key) {
    case 'mode':
      return `она шла в ${MODE[u.actual]} режиме`;
    case 'setup':
      return `канал данных был настроен командой ${u.actual}`;
    case 'command':
      return `это была команда ${u.actual}`;
    case 'direction':
      return `это был(а) ${DIRECTION[u.actual]}`;
    case 'initiator':
      return u.actual === null
        ? 'её соединения данных нет в захвате'
        : `её соединение данных открыл ${u.actual === 'client' ? 'клиент' : 'сервер'}`;
    case 'status':
      return (
        `передача ${STATUS[u.actual]}` +
        `${u.replyCodes.length > 0 ? ` (ответы ${list(u.replyCodes)})` : ' (ответа нет)'}`
      );
    case 'minBytes':
      return `передано ${plural(u.actual, 'байт', 'байта', 'байт')}, а нужно не меньше ${u.wanted}`;
    case 'replyCode':
      return `ответы были ${u.actual.length > 0 ? list(u.actual) : 'не получены'}, а нужен ${u.wanted}`;
    case 'dataSrcPort':
      return u.actual === null
        ? 'её соединения данных нет в захвате'
        : `её соединение данных шло с порта ${u.actual}, а не ${u.wanted}`;
    case 'openedBeforeCommand':
      return u.actual === null
        ? 'неизвестно, когда открылось её соединение данных'
        : `её соединение данных открылось ${u.actual ? 'до' : 'после'} команды`;
  }
}

function observation(o: Observation): string {
  switch (o.kind) {
    case 'tls-encrypted':
      return `Управляющий канал перешёл на TLS${inFrames(o.frames)}, поэтому всё, что после этого, прочитать нельзя.`;
    case 'no-handshake':
      return 'Захват начат уже после установления соединения: его первый пакет FTP' + `${inFrames(o.frames)} — не SYN.`;
    case 'no-login':
      return 'В захвате нет команд USER и PASS.';
    case 'login-failed':
      return `Во всех попытках вход отклонён${o.codes.length > 0 ? ` (${list(o.codes)})` : ''}${inFrames(o.frames)}.`;
    case 'login-other':
      return (
        `Вход в захвате${o.user !== null ? ` (пользователь ${o.user})` : ''} завершился ответом ` +
        `${o.code ?? '— ответа нет'}${inFrames(o.frames)}, а требовался другой.`
      );
    case 'no-transfer':
      return 'В захвате нет ни одной передачи (нет LIST, RETR или STOR).';
    case 'other-mode':
      return (
        `Передачи в ${MODE[o.wanted]} режиме нет: все соединения данных настроены в ` +
        `${o.wanted === 'active' ? MODE.passive : MODE.active} режиме${inFrames(o.frames)}.`
      );
    case 'transfer-unmet':
      return (
        `Ближайшая передача, ${o.command} после ${o.setup}${inFrames(o.frames)}, не засчитана: ` +
        `${o.unmet.map(unmet).join('; ')}.`
      );
    case 'no-data-connection':
      return 'В захвате нет ни одного соединения данных.';
    case 'data-not-closed':
      return `Соединения данных${inFrames(o.frames)} в захвате так и не закрываются (нет FIN).`;
    case 'data-reset':
      return `Соединения данных сброшены (RST), а не закрыты через FIN${inFrames(o.frames)}.`;
    case 'no-command':
      return `Клиент ни разу не отправил ${o.commands.join(' или ')}.`;
    case 'command-reply':
      return `На ${o.command} пришёл ответ ${o.code ?? '— никакой'}${inFrames(o.frames)}, ` + 'а требовался другой.';
    case 'no-finding':
      return `В отчёте нет находки ${o.ids.join(' или ')}.`;
  }
}

function redo(r: Redo): string {
  switch (r.kind) {
    case 'handshake':
      return 'Начните захват до подключения к серверу и снимите его заново.';
    case 'login':
      return 'Войдите ещё раз с USER и верным PASS во время захвата, чтобы в нём был ответ 230.';
    case 'failed-login':
      return 'Во время захвата также один раз введите неверный пароль.';
    case 'transfer': {
      const what =
        r.direction === 'upload'
          ? 'выгрузку'
          : r.direction === 'listing'
            ? 'листинг'
            : r.direction === 'download'
              ? 'загрузку'
              : 'передачу (листинг или загрузку)';
      if (r.mode === 'passive')
        return `Повторите ${what} с PASV (или EPSV), чтобы соединение данных открыл ваш клиент.`;
      if (r.mode === 'active')
        return `Повторите ${what} в активном режиме (PORT или EPRT), чтобы соединение данных к вам открыл сервер.`;
      return `Повторите ${what}, захватывая все порты (без фильтра «port 21»), и дождитесь ответа 226.`;
    }
    case 'teardown':
      return (
        'Не останавливайте захват, пока передача не закончится и соединение данных не закроется; ' +
        'остановите его после QUIT.'
      );
    case 'command':
      return `Отправьте ${r.commands.join(' или ')} во время захвата.`;
    case 'finding':
      return `Повторите шаг работы, который показывает ${r.ids.join(' или ')}.`;
  }
}

function failure(f: FailureFacts): string {
  switch (f.kind) {
    case 'no-such-file':
      return 'файла нет';
    case 'no-match':
      return 'под этот шаблон не подходит ни один файл';
    case 'is-directory':
      return 'это каталог, а не файл захвата';
    case 'not-a-file':
      return 'это не обычный файл';
    case 'cannot-read':
      return `файл не читается (${f.errno ?? 'ошибка'})`;
    case 'empty-file':
      return 'файл пуст (0 байт), это не захват';
    case 'no-packets':
      return 'в захвате нет ни одного пакета';
    case 'not-a-capture':
      return `это не захват pcap или pcapng (первые байты ${f.firstBytes ?? '?'})`;
    case 'gzip-not-capture':
      return 'файл сжат gzip, но внутри не захват pcap или pcapng';
    case 'archive':
      return `это архив ${f.format}: распакуйте его и оцените захват внутри`;
    case 'not-ek':
      return 'это не поток tshark -T ek';
    case 'tshark-stopped': {
      const why = f.tsharkReason ?? f.exit;
      if (why === null) return 'вывод tshark прочитать не удалось';
      const read = f.packetsRead > 0 ? ` (прочитано ${plural(f.packetsRead, 'пакет', 'пакета', 'пакетов')})` : '';
      return `tshark остановился, не дойдя до конца захвата${read}; сообщение tshark: ${why}`;
    }
    case 'no-ftp': {
      const also =
        f.dataConnections > 0
          ? ` (есть TCP-соединения, похожие на данные FTP: ${f.dataConnections}, но нет управляющего соединения)`
          : '';
      const ports = `${f.ports.length > 1 ? 'портах' : 'порту'} ${list(f.ports)}`;
      return `в ${plural(f.packets, 'пакете', 'пакетах', 'пакетах')} нет управляющего сеанса FTP на ${ports}${also}`;
    }
    case 'tshark-missing':
      return 'tshark не найден';
    case 'tshark-unusable':
      if (f.version !== null) return `tshark ${f.version} слишком старый`;
      if (f.tsharkReason !== null) return `tshark --version завершился ошибкой; сообщение tshark: ${f.tsharkReason}`;
      return 'tshark не удалось запустить';
    case 'internal':
      return `внутренняя ошибка; сообщение: ${f.text}`;
  }
}

export const ru: GradeCatalog = {
  kind: { required: 'обязательный', optional: 'необязательный', bonus: 'бонус' },
  pass: 'зачтено',
  fail: 'не зачтено',
  yes: 'да',
  no: 'нет',
  status: { graded: 'оценён', partial: 'оценён частично', failed: 'не оценён' },
  frames,

  summaryTitle: (title) => `Сводка по группе: ${title}`,
  summaryCounts: (n) =>
    `Файлов: ${n.files}; оценено: ${n.graded}` +
    `${n.partial > 0 ? ` (частично, так как файл обрезан: ${n.partial})` : ''}; не удалось оценить: ${n.failed}.`,
  summaryScores: (n) =>
    `Все обязательные критерии выполнены у ${n.met} из ${n.graded}. Средний балл ${n.mean} из ${n.max} ` +
    `(медиана ${n.median}).`,
  criteriaHeading: 'Критерии',
  criteriaHeader: ['№', 'Критерий', 'Код', 'Вид', 'Вес', 'Выполнили', 'Доля'],
  mistakesHeading: 'Типичные ошибки',
  mistakesHeader: ['Ошибка', 'Код', 'Захватов', 'Студенты'],
  noMistakes: 'В оценённых захватах типичных ошибок не найдено.',
  copiesHeading: 'Возможные копии',
  copiesIntro:
    'В этих файлах одни и те же записанные пакеты (те же адреса, порты и время с точностью до микросекунды): их ' +
    'записал один студент, а не каждый. Какой файл исходный, по самим файлам сказать нельзя.',
  copiesHeader: ['Студенты', 'Файлы', 'Как', 'Общих пакетов'],
  copyKind: { identical: 'одинаковые файлы', 'same-sessions': 'те же сеансы, файл пересохранён или обрезан' },
  notGradedHeading: 'Файлы, которые не удалось оценить',
  notGradedHeader: ['Файл', 'Студент', 'Причина', 'Подробно'],
  everyHeading: 'Все файлы',
  everyHeader: [
    'Файл',
    'Студент',
    'Балл',
    'Процент',
    'Обязательные выполнены',
    'Не выполнены',
    'Ошибки',
    'Совпадает с',
  ],
  notGradedCell: (reason) => `не оценён: ${reason}`,
  partialCell: 'частично',

  gradeHeading: 'Оценка',
  gradeScore: (n) =>
    `Балл **${n.score} из ${n.max}** (${n.percent}%)${n.bonus ? ' (с учётом бонусов)' : ''}; ` +
    `все обязательные критерии выполнены: **${n.requiredMet ? 'да' : 'нет'}**.`,
  gradeHeader: ['Критерий', 'Вид', 'Вес', 'Итог', 'Кадры-доказательства', 'Где'],
  mistakesSeen: 'Ошибки, найденные в захвате:',
  partialNote: (packets) =>
    `Захват обрезан: оценено по ${plural(packets, 'пакету', 'пакетам', 'пакетам')}, которые удалось прочитать ` +
    '(частичная оценка).',
  labInEnglish: 'Подробный отчёт ниже — на английском языке.',

  mistake: {
    'active-refused': 'попытка активного режима, но сервер не смог подключиться (425 или нет соединения данных)',
    'passive-failed': 'попытка пассивного режима, но соединение данных не установилось (425 или нет соединения)',
    'no-active': 'нет ни одной попытки передачи в активном режиме (нет PORT/EPRT)',
    'no-passive': 'нет ни одной попытки передачи в пассивном режиме (нет PASV/EPSV)',
    'login-failed-only': 'только неудачные входы: ни одна попытка входа не удалась',
    'no-login': 'в захвате нет входа (нет USER/PASS)',
    'mid-session': 'захват начат посреди сеанса: нет установления управляющего соединения',
    'data-not-captured':
      'соединений данных нет в захвате, хотя сервер ответил на передачу (фильтр захвата только на порт 21?)',
    'teardown-missing': 'нет закрытия соединения данных: в захвате нет FIN ни одного соединения данных',
    'no-transfer': 'нет передачи данных (нет LIST, RETR или STOR)',
    'capture-ended-early': 'захват остановлен до конца передачи (нет итогового ответа)',
    'tls-encrypted': 'управляющий канал перешёл на TLS (AUTH TLS): команды и ответы прочитать нельзя',
    'ftp-bounce': 'FTP bounce: PORT/EPRT направил сервер на адрес, который не является клиентом (баллы не снимаются)',
    'pasv-address-mismatch':
      'NAT: в ответе на PASV объявлен другой адрес, чем у сервера, к которому подключился клиент (баллы не снимаются)',
  },
  notMet: (title) => `не выполнено: ${title}`,

  reason: {
    'not-found': 'не найден',
    unreadable: 'не читается',
    empty: 'пустой',
    'not-a-capture': 'не захват',
    archive: 'архив',
    truncated: 'обрезан',
    corrupt: 'повреждён',
    'no-ftp': 'нет FTP',
    'tshark-error': 'ошибка tshark',
    'internal-error': 'внутренняя ошибка',
  },
  failure,

  lost: (title) => `Не выполнено: ${title}.`,
  observation,
  redo,

  feedbackTitle: (student) => `Отзыв: ${student}`,
  feedbackScore: (n) =>
    `Ваш балл: **${n.score} из ${n.max}** (${n.percent}%). Все обязательные критерии выполнены: ` +
    `**${n.requiredMet ? 'да' : 'нет'}**.`,
  feedbackPartial: (packets) =>
    `Ваш файл захвата обрезан: он оценён по ${plural(packets, 'пакету', 'пакетам', 'пакетам')}, которые удалось ` +
    'прочитать.',
  feedbackAllMet: 'Все критерии выполнены. Отличная работа.',
  feedbackLostHeading: 'Чего не хватает и что переделать',
  feedbackMistakesHeading: 'Ошибки, найденные в вашем захвате',
  feedbackNotGraded: (reason) => `Ваш файл не удалось оценить: ${reason}.`,
  feedbackNotGradedAdvice: 'Сдайте сам захват — файл .pcapng или .pcap, сохранённый Wireshark, tshark или dumpcap.',
  feedbackCopy: (kind, others) =>
    kind === 'identical'
      ? `Ваш файл совпадает с файлом: ${list(others)}. Преподаватель задаст вам вопросы об этом.`
      : `В вашем захвате те же записанные пакеты, что и в захвате: ${list(others)}. ` +
        'Преподаватель задаст вам вопросы об этом.',
};
