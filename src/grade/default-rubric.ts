// The default rubric: the lab's program (FTP in passive mode, in active mode, connection set-up and authorisation).

import type { Rubric } from './rubric.js';

/** Every transfer command the engine knows: listings, downloads and uploads. */
const TRANSFER_COMMANDS = ['LIST', 'NLST', 'MLSD', 'RETR', 'STOR', 'STOU', 'APPE'];

export const DEFAULT_RUBRIC: Rubric = {
  title: 'FTP lab: connection set-up, authorisation, active and passive mode',
  description:
    'The program of the FTP lab: capture the control connection being set up, the login, a transfer in active mode ' +
    '(the server opens the data connection) and one in passive mode (the client opens it), data moving, and the ' +
    'data connection being closed.',
  criteria: [
    {
      id: 'handshake',
      title: 'Control connection set-up captured (SYN, SYN/ACK, ACK to the FTP port)',
      check: 'control-handshake',
      where: {},
      weight: 1,
      required: true,
      bonus: false,
    },
    {
      id: 'login',
      title: 'Login shown: USER, PASS and the 230 reply',
      check: 'login',
      where: { outcome: 'success', replyCode: 230, withPassword: true },
      weight: 1,
      required: true,
      bonus: false,
    },
    {
      id: 'failed-login',
      title: 'A failed login shown (USER, PASS, 530)',
      check: 'login',
      where: { outcome: 'failed', withPassword: true },
      weight: 1,
      required: false,
      bonus: true,
    },
    {
      id: 'active',
      title: 'Active mode: a transfer after PORT/EPRT whose data connection the server opened',
      check: 'transfer',
      where: { mode: 'active', initiator: 'server', status: ['complete'] },
      weight: 2,
      required: true,
      bonus: false,
    },
    {
      id: 'passive',
      title: 'Passive mode: a transfer after PASV/EPSV whose data connection the client opened',
      check: 'transfer',
      where: { mode: 'passive', initiator: 'client', status: ['complete'] },
      weight: 2,
      required: true,
      bonus: false,
    },
    {
      id: 'data-moved',
      title: 'Data moved: a listing, download or upload with more than 0 bytes and a 226 reply',
      check: 'transfer',
      where: { command: TRANSFER_COMMANDS, minBytes: 1, replyCode: 226 },
      weight: 1,
      required: true,
      bonus: false,
    },
    {
      id: 'teardown',
      title: 'Data connection teardown (FIN) captured',
      check: 'data-teardown',
      where: { closedBy: ['client', 'server'] },
      weight: 1,
      required: true,
      bonus: false,
    },
  ],
};
