// The default rubric: the lab's program (FTP in passive mode, in active mode, connection set-up and authorisation).

import type { Rubric } from './rubric.js';

/** Every transfer command the engine knows: listings, downloads and uploads. */
const TRANSFER_COMMANDS = ['LIST', 'NLST', 'MLSD', 'RETR', 'STOR', 'STOU', 'APPE'];

export const DEFAULT_RUBRIC: Rubric = {
  title: {
    en: 'FTP lab: connection set-up, authorisation, active and passive mode',
    ru: 'Лабораторная работа по FTP: установление соединения, авторизация, активный и пассивный режимы',
    zh: 'FTP 实验：连接建立、身份验证、主动模式与被动模式',
    vi: 'Bài thực hành FTP: thiết lập kết nối, xác thực, chế độ chủ động và bị động',
  },
  description: {
    en:
      'The program of the FTP lab: capture the control connection being set up, the login, a transfer in active ' +
      'mode (the server opens the data connection) and one in passive mode (the client opens it), data moving, and ' +
      'the data connection being closed.',
    ru:
      'Программа лабораторной работы по FTP: захватить установление управляющего соединения, вход, передачу в ' +
      'активном режиме (соединение данных открывает сервер) и в пассивном (его открывает клиент), передачу данных ' +
      'и закрытие соединения данных.',
    zh:
      'FTP 实验的内容：捕获控制连接的建立、登录、一次主动模式的传输（由服务器发起数据连接）和一次被动模式的传输' +
      '（由客户端发起），数据的传输，以及数据连接的关闭。',
    vi:
      'Nội dung bài thực hành FTP: bắt quá trình thiết lập kết nối điều khiển, đăng nhập, một lần truyền ở chế độ ' +
      'chủ động (máy chủ mở kết nối dữ liệu) và một lần ở chế độ bị động (máy khách mở), dữ liệu được truyền, và ' +
      'việc đóng kết nối dữ liệu.',
  },
  partialCredit: 1,
  criteria: [
    {
      id: 'handshake',
      title: {
        en: 'Control connection set-up captured (SYN, SYN/ACK, ACK to the FTP port)',
        ru: 'Захвачено установление управляющего соединения (SYN, SYN/ACK, ACK на порт FTP)',
        zh: '捕获到控制连接的建立（发往 FTP 端口的 SYN、SYN/ACK、ACK）',
        vi: 'Đã bắt được quá trình thiết lập kết nối điều khiển (SYN, SYN/ACK, ACK tới cổng FTP)',
      },
      check: 'control-handshake',
      where: {},
      weight: 1,
      required: true,
      bonus: false,
    },
    {
      id: 'login',
      title: {
        en: 'Login shown: USER, PASS and the 230 reply',
        ru: 'Показан вход: USER, PASS и ответ 230',
        zh: '显示了登录过程：USER、PASS 和 230 应答',
        vi: 'Có quá trình đăng nhập: USER, PASS và phản hồi 230',
      },
      check: 'login',
      where: { outcome: 'success', replyCode: 230, withPassword: true },
      weight: 1,
      required: true,
      bonus: false,
    },
    {
      id: 'failed-login',
      title: {
        en: 'A failed login shown (USER, PASS, 530)',
        ru: 'Показан неудачный вход (USER, PASS, 530)',
        zh: '显示了一次失败的登录（USER、PASS、530）',
        vi: 'Có một lần đăng nhập thất bại (USER, PASS, 530)',
      },
      check: 'login',
      where: { outcome: 'failed', withPassword: true },
      weight: 1,
      required: false,
      bonus: true,
    },
    {
      id: 'active',
      title: {
        en: 'Active mode: a transfer after PORT/EPRT whose data connection the server opened',
        ru: 'Активный режим: передача после PORT/EPRT, соединение данных для которой открыл сервер',
        zh: '主动模式：在 PORT/EPRT 之后的一次传输，其数据连接由服务器发起',
        vi: 'Chế độ chủ động: một lần truyền sau PORT/EPRT mà kết nối dữ liệu do máy chủ mở',
      },
      check: 'transfer',
      where: { mode: 'active', initiator: 'server', status: ['complete'] },
      weight: 2,
      required: true,
      bonus: false,
    },
    {
      id: 'passive',
      title: {
        en: 'Passive mode: a transfer after PASV/EPSV whose data connection the client opened',
        ru: 'Пассивный режим: передача после PASV/EPSV, соединение данных для которой открыл клиент',
        zh: '被动模式：在 PASV/EPSV 之后的一次传输，其数据连接由客户端发起',
        vi: 'Chế độ bị động: một lần truyền sau PASV/EPSV mà kết nối dữ liệu do máy khách mở',
      },
      check: 'transfer',
      where: { mode: 'passive', initiator: 'client', status: ['complete'] },
      weight: 2,
      required: true,
      bonus: false,
    },
    {
      id: 'data-moved',
      title: {
        en: 'Data moved: a listing, download or upload with more than 0 bytes and a 226 reply',
        ru: 'Данные переданы: листинг, загрузка или выгрузка больше 0 байт с ответом 226',
        zh: '数据已传输：一次大于 0 字节并有 226 应答的列目录、下载或上传',
        vi: 'Dữ liệu đã được truyền: một lần liệt kê, tải xuống hoặc tải lên hơn 0 byte với phản hồi 226',
      },
      check: 'transfer',
      where: { command: TRANSFER_COMMANDS, minBytes: 1, replyCode: 226 },
      weight: 1,
      required: true,
      bonus: false,
    },
    {
      id: 'teardown',
      title: {
        en: 'Data connection teardown (FIN) captured',
        ru: 'Захвачено закрытие соединения данных (FIN)',
        zh: '捕获到数据连接的关闭（FIN）',
        vi: 'Đã bắt được việc đóng kết nối dữ liệu (FIN)',
      },
      check: 'data-teardown',
      where: { closedBy: ['client', 'server'] },
      weight: 1,
      required: true,
      bonus: false,
    },
  ],
};
