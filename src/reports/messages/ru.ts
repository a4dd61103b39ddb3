// Русские формулировки замечаний и предупреждений (finding and warning sentences for `--lang ru`).

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

/** A number with Russian digit grouping. */
export const num = (n: number): string => n.toLocaleString('ru-RU');

const RULES = new Intl.PluralRules('ru-RU');

/** The word form for n by the CLDR Russian plural rules: 1 пакет, 2 пакета, 5 пакетов (21 пакет, 12 пакетов). */
export function pluralForm(n: number, one: string, few: string, many: string): string {
  const rule = RULES.select(n);
  return rule === 'one' ? one : rule === 'few' ? few : many;
}

/** The number and its word form: 1 пакет, 2 пакета, 5 пакетов. */
export function plural(n: number, one: string, few: string, many: string): string {
  return `${num(n)} ${pluralForm(n, one, few, many)}`;
}

/** Text from the capture in Russian quotes; «нет» when the capture shows none. */
const quote = (s: string | null) => (s === null ? '(нет)' : `«${s}»`);
const addr = (a: { ip: string; port: number }) => `${a.ip}:${a.port}`;
const frames = (list: readonly number[], count: number) =>
  `${count === 1 ? 'кадр' : 'кадры'} ${frameList(list, count)}`;

export const FINDING_SENTENCES: FindingSentences = {
  'connection-refused': (d, id) =>
    `${id}: сервер сразу отказал в соединении ответом ${d.code} ${quote(firstLine(d.text))} вместо приветствия.`,
  'capture-starts-mid-session': (_d, id) =>
    `Сеанс ${id} был открыт ещё до начала захвата: его рукопожатия TCP, а возможно, и входа в захвате нет.`,
  'cleartext-credentials': (d, id) => {
    const one = d.passwords === 1;
    const users = distinct(d.users.map(quote)).join(', ');
    const what = one ? 'пароль' : plural(d.passwords, 'пароль', 'пароля', 'паролей');
    return (
      `Сеанс ${id} передал ${what} пользователя ${users} в открытом виде: ` +
      `${one ? 'его' : 'их'} может прочитать любой, кто видит этот трафик.`
    );
  },
  'anonymous-login': (d, id) => `Сеанс ${id}: анонимный вход под именем ${quote(d.user)}.`,
  'failed-logins': (d, id) =>
    `В сеансе ${id} ${plural(d.count, 'неудачная попытка', 'неудачные попытки', 'неудачных попыток')} входа ` +
    `(${distinct(d.codes).join(', ')}).`,
  'brute-force': (d, id) =>
    `В сеансе ${id} ${plural(d.count, 'неудачная попытка', 'неудачные попытки', 'неудачных попыток')} входа: ` +
    'похоже на подбор пароля.',
  'tls-implicit': (d, id) =>
    d.decrypted
      ? `Сеанс ${id} — неявный FTPS на порту ${d.port}: TLS с первого байта, прочитан с помощью журнала ключей TLS.`
      : `Сеанс ${id} — неявный FTPS на порту ${d.port}: TLS с первого байта, поэтому прочитать в нём ничего нельзя.`,
  'tls-upgrade': (d, id) =>
    d.decrypted
      ? `Сеанс ${id} перевёл управляющее соединение на TLS (ответ 234 на AUTH); дальнейший обмен прочитан ` +
        'с помощью журнала ключей TLS.'
      : `Сеанс ${id} перевёл управляющее соединение на TLS (ответ 234 на AUTH); дальнейший обмен зашифрован ` +
        'и не анализируется.',
  'tls-refused': (_d, id) => `Сеанс ${id} запросил TLS, но сервер не согласился: сеанс продолжился в открытом виде.`,
  'not-ftp': (d, id) =>
    `Сеанс ${id} на порту ${d.port} — не FTP` +
    `${d.firstServerLine === null ? '' : ` (первая строка сервера: ${quote(d.firstServerLine)})`}.`,
  'pasv-address-mismatch': (d, id) =>
    `${id}: в ответе на ${d.command} сервер сообщил адрес ${addr(d.announced)}, а доступен он по адресу ` +
    `${d.serverIp}: сервер за NAT или неверно настроен.`,
  'ftp-bounce': (d, id) =>
    `${id}: ${d.command} предлагает серверу подключиться к ${addr(d.announced)}, а не к клиенту ${d.clientIp}: ` +
    'это FTP bounce или клиент за NAT.',
  'ftp-nonstandard-port': (d, id) =>
    `Сеанс ${id} использует FTP на порту ${d.port}, он распознан по первым данным; запустите с --ftp-port ${d.port}, ` +
    'чтобы tshark тоже разбирал его как FTP (столбец Info, связь с соединениями данных).',
  'data-connection-unmatched': (d) =>
    `${plural(d.count, 'соединение', 'соединения', 'соединений')} данных не ` +
    `${pluralForm(d.count, 'объясняется', 'объясняются', 'объясняются')} ни одной командой из захвата.`,
  'source-brute-force': (d) => {
    const tries = plural(d.failures, 'неудачная попытка', 'неудачные попытки', 'неудачных попыток');
    const where = plural(d.sessions, 'соединении', 'соединениях', 'соединениях');
    const ok = d.succeeded ? ', и вход с этого адреса удался' : '';
    return (
      `С адреса ${d.clientIp} ${tries} входа в ${where} (${d.inWindow} за ${d.windowSeconds} с, ` +
      `имён пользователя: ${d.users}): подбор пароля${ok}.`
    );
  },
  'password-spraying': (d) =>
    `С адреса ${d.clientIp} один пароль пробовали для ${d.users} имён пользователя ` +
    `(${d.userNames.slice(0, 5).join(', ')}${d.users > 5 ? ', …' : ''}): распыление пароля` +
    `${d.succeeded > 0 ? `; удачных входов: ${d.succeeded}` : ''}.`,
  'port-scan': (d) => {
    const kind = d.bounce ? 'сканирование через FTP bounce' : 'сканирование портов через FTP-сервер';
    const shown = `${d.reachedPorts.slice(0, 10).join(', ')}${d.reachedPorts.length > 10 ? ', …' : ''}`;
    const reached = d.reachedPorts.length > 0 ? ` (доступны: ${shown})` : '';
    return (
      `${d.clientIp} указал ${plural(d.ports, 'порт', 'порта', 'портов')} узла ${d.targetIp} в ${d.setups} ` +
      `командах PORT/EPRT серверу ${d.serverIp}: ${kind}${reached}.`
    );
  },
  'vsftpd-backdoor': (d, id) => {
    const shell =
      d.shellTcpStream === null
        ? '; подключения к порту 6200 в захвате нет'
        : `, и ${d.shellClientIp} затем подключился к порту 6200 узла ${d.serverIp} ` +
          `(поток TCP ${d.shellTcpStream}): оболочка root`;
    return (
      `${id}: имя пользователя ${quote(d.user)} оканчивается на «:)» — так включается бэкдор vsftpd 2.3.4 ` +
      `(CVE-2011-2523)${shell}.`
    );
  },
  'connection-attempts': (d) =>
    `${plural(d.count, 'соединение', 'соединения', 'соединений')} с портами FTP ${d.ports.join(', ')} ` +
    `не открылись (отклонено сбросом RST: ${d.refused}, без ответа: ${d.unanswered}): это попытки, а не сеансы.`,
  'syn-scan': (d) =>
    `${d.source} отправил запросы на соединение (SYN) на ${plural(d.ports, 'порт', 'порта', 'портов')} ` +
    `${d.target}: сканирование портов.`,
};

/** Each kind of unreadable control line, as a plural noun phrase. */
export const ODDITY_NOUNS: Record<OddityKind, string> = {
  'line-too-long': 'управляющие строки длиннее 8192 байт (обрезаны)',
  'empty-command': 'пустые строки команд',
  'malformed-command': 'строки клиента, которые не являются командами FTP',
  'bad-address': 'адреса соединения данных, которые не удалось разобрать',
  'transfer-without-setup': 'команды передачи, перед которыми в захвате нет PORT/PASV',
  'reply-invalid-code': 'строки сервера без кода ответа',
  'reply-missing-space': 'ответы без пробела после кода',
  'reply-code-out-of-range': 'ответы с кодом вне диапазона 100–699',
  'reply-unterminated': 'многострочные ответы, оборванные концом захвата',
  'reply-lost': 'команды, ответ на которые потерян в захвате (ответы после пропуска сопоставлены по кодам)',
  'reply-cut-by-gap': 'многострочные ответы, конец которых потерян в захвате (закрыты на пропуске)',
  'command-lost': 'ответы на команды, потерянные в захвате (они не отвечают ни на одну команду из захвата)',
};

export const WARNING_SENTENCES: WarningSentences = {
  'partial-report': (w) =>
    `ОТЧЁТ НЕПОЛНЫЙ: tshark остановился после ${plural(w.packets, 'пакета', 'пакетов', 'пакетов')}, ` +
    `не дойдя до конца захвата (${w.reason}); того, что дальше, в отчёте нет.`,
  'ek-lines-skipped': (w) => `Строк вывода tshark, которые не являются записями пакетов и пропущены: ${num(w.lines)}.`,
  'timestamps-out-of-range': () =>
    'Некоторые метки времени пакетов не соответствуют никакой дате (повреждённый захват?): ' +
    'firstAt/lastAt оставлены пустыми (null).',
  'no-ftp-session': () => 'В захвате не найдено ни одного управляющего сеанса FTP.',
  'handshake-missing': (w) => `Захват начат посреди сеанса ${w.sessionId}: его рукопожатие TCP в захват не попало.`,
  'control-bytes-missing': (w) =>
    `${w.sessionId}: байт управляющего соединения, не попавших в захват: ${num(w.bytes)}; ` +
    'строки рядом с пропуском могут быть неполными.',
  'replies-unanswered': (w) =>
    `${w.sessionId}: ответов, которые пришли, когда ни одна команда их не ждала: ${num(w.count)}.`,
  'protocol-oddity': (w) => `${w.sessionId}: ${ODDITY_NOUNS[w.kind]} — ${num(w.count)} (${frames(w.frames, w.count)}).`,
  'transfer-bytes-missing': (w) =>
    `${w.transferId}: не менее ${plural(w.bytes, 'байта', 'байт', 'байт')} соединения данных ${w.command} ` +
    'не попали в захват; bytes учитывает только то, что в нём есть.',
  'expectations-dropped': (w) =>
    `Ожиданий соединений данных отброшено: ${num(w.count)}, потому что одновременно их было открыто больше ` +
    `${num(w.max)}; их соединения данных могут оказаться несопоставленными.`,
  'expectations-expired': (w) =>
    `Ожиданий соединений данных, не использованных в течение ${num(w.seconds)} с после объявления и потому ` +
    `снятых: ${num(w.count)}; соединение данных, открытое позже, окажется несопоставленным.`,
  'other-protocol': (w) =>
    `TCP-поток ${w.tcpStream} (порт ${w.port}) — не FTP: приветствие или команды клиента ` +
    `(${distinct(w.commands).slice(0, 5).join(', ')}) — другого протокола; как сеанс FTP он не учитывается.`,
  'tls-not-decrypted': (w) =>
    `${w.sessionId}: ни один ключ из журнала ключей TLS не подошёл к сеансу TLS, поэтому обмен после перехода ` +
    'на TLS остаётся зашифрованным (журнал ключей от другого захвата или клиента?).',
  'tls-cleartext-again': (w) =>
    `${w.sessionId}: управляющее соединение снова идёт открытым текстом с кадра ${w.frame} (после CCC или ` +
    'закрытия сеанса TLS); с этого места оно снова разбирается.',
  'tls-mid-session': (w) =>
    `${w.sessionId} к началу захвата уже был зашифрован (записи TLS с кадра ${w.frame}): ` +
    'его управляющее соединение прочитать нельзя.',
};

/** The finding in one Russian sentence. */
export function findingMessage(f: Finding): string {
  return sayFinding(FINDING_SENTENCES, f);
}

/** The warning in one Russian sentence. */
export function warningMessage(w: Warning): string {
  return sayWarning(WARNING_SENTENCES, w);
}
